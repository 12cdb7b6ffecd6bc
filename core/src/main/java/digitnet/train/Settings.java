package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Init;

/**
 * How to train, in small records: the network, how its weights start, the optimizer, the learning-rate
 * schedule, the steps, augmentation, when to stop, the held-out rows, the seed, and what a preset
 * decided. Start from {@link #notebook()}, {@link #quick()} or a {@link Preset} sized for the data, and
 * change a part with a {@code with...} method; every value is checked by the record that holds it, and
 * one out of range is refused with an {@link InvalidSettingException} naming it ({@code Steps.epochs}).
 * The model file records these settings ({@link TrainingRecord}), and a resume checks them.
 *
 * @param network   the network's shape (and a perceptron's dropout)
 * @param init      how the weights start
 * @param optimizer which optimizer, its learning rate and hyper-parameters
 * @param schedule  how the learning rate changes over the run
 * @param steps     full batch or mini-batches, and how many
 * @param augment   whether each training image is randomly shifted, rotated and distorted (by amounts
 *                  that are fractions of the image size, {@link Preset#augmentation})
 * @param stopping  early stopping and the time budget
 * @param heldOut   the dev and test rows held out of training
 * @param seed      the seed of every random choice: same seed, same model
 * @param preset    what the preset these settings started from decided ({@link PresetDecisions#none()} without one)
 * @param augmentFor the share of the planned steps that augment, from the first (1: all of them; 0.5: the first
 *                   half, the rest train on the images as they are); used only when {@code augment} is on
 * @param labelSmoothing the training loss's label smoothing e in [0, 1): each row's target is (1 - e) on its label
 *                       plus e / classes on every class ({@code SoftmaxCrossEntropy}); 0: one-hot
 */
public record Settings(NetworkSpec network, Init init, OptimizerSettings optimizer, Schedule schedule, Steps steps,
                       boolean augment, Stopping stopping, HeldOutRows heldOut, long seed, PresetDecisions preset,
                       double augmentFor, double labelSmoothing) {

    /**
     * Checks that every part is given ({@code preset} may be null: none).
     *
     * @param network   the network's shape
     * @param init      how the weights start
     * @param optimizer the optimizer
     * @param schedule  the learning-rate schedule
     * @param steps     the steps
     * @param augment   whether training images are randomly distorted
     * @param stopping  when to stop early
     * @param heldOut   the held-out rows
     * @param seed      the seed
     * @param preset    what a preset decided, or null
     * @param augmentFor the share of the steps that augment, in (0, 1]
     * @param labelSmoothing the label smoothing, in [0, 1)
     */
    public Settings {
        required("network", network);
        required("init", init);
        required("optimizer", optimizer);
        required("schedule", schedule);
        required("steps", steps);
        required("stopping", stopping);
        required("heldOut", heldOut);
        preset = preset == null ? PresetDecisions.none() : preset;
        if (!(augmentFor > 0 && augmentFor <= 1)) {
            throw new InvalidSettingException("Settings", "augmentFor", "must be in (0, 1], got " + augmentFor);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new InvalidSettingException("Settings", "labelSmoothing", "must be in [0, 1), got " + labelSmoothing);
        }
    }

    /**
     * Settings with one-hot targets (no label smoothing).
     *
     * @param network   the network's shape
     * @param init      how the weights start
     * @param optimizer the optimizer
     * @param schedule  the learning-rate schedule
     * @param steps     the steps
     * @param augment   whether training images are randomly distorted
     * @param stopping  when to stop early
     * @param heldOut   the held-out rows
     * @param seed      the seed
     * @param preset    what a preset decided, or null
     * @param augmentFor the share of the steps that augment, in (0, 1]
     */
    public Settings(NetworkSpec network, Init init, OptimizerSettings optimizer, Schedule schedule, Steps steps,
                    boolean augment, Stopping stopping, HeldOutRows heldOut, long seed, PresetDecisions preset,
                    double augmentFor) {
        this(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor, 0);
    }

    /**
     * Settings whose augmentation, when on, lasts all the steps ({@code augmentFor} 1).
     *
     * @param network   the network's shape
     * @param init      how the weights start
     * @param optimizer the optimizer
     * @param schedule  the learning-rate schedule
     * @param steps     the steps
     * @param augment   whether training images are randomly distorted
     * @param stopping  when to stop early
     * @param heldOut   the held-out rows
     * @param seed      the seed
     * @param preset    what a preset decided, or null
     */
    public Settings(NetworkSpec network, Init init, OptimizerSettings optimizer, Schedule schedule, Steps steps,
                    boolean augment, Stopping stopping, HeldOutRows heldOut, long seed, PresetDecisions preset) {
        this(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, 1);
    }

    /**
     * The notebook, the command line's {@code --preset seed}: 784-10-10 perceptron, uniform init,
     * full-batch SGD, 500 iterations, learning rate 1; 1000 dev rows, seed 1.
     *
     * @return the preset
     */
    public static Settings notebook() {
        // the notebook does not depend on the data: any facts give it
        return Preset.SEED.settings(PresetData.NOMINAL, 1);
    }

    /**
     * A few seconds of training: 784-64-10 perceptron, He init, Adam at 0.002, mini-batches of 64
     * for 3 epochs; 1000 dev rows, seed 1.
     *
     * @return the settings
     */
    public static Settings quick() {
        return new Settings(NetworkSpec.mlp(64), Init.HE, OptimizerSettings.adam(0.002), new Schedule.Constant(),
                Steps.miniBatches(64, 3), false, Stopping.none(), HeldOutRows.dev(1000), 1, PresetDecisions.none());
    }

    /**
     * Plain settings: a constant learning rate, no augmentation, no early stopping or budget, no rows held out.
     *
     * @param network   the network's shape
     * @param init      how the weights start
     * @param optimizer the optimizer and its learning rate
     * @param steps     the steps
     * @param seed      the seed
     * @return the settings
     */
    public static Settings of(NetworkSpec network, Init init, OptimizerSettings optimizer, Steps steps, long seed) {
        return new Settings(network, init, optimizer, new Schedule.Constant(), steps, false, Stopping.none(),
                new HeldOutRows(0, 0), seed, PresetDecisions.none());
    }

    /**
     * @param network the network's shape
     * @return these settings with another network
     */
    public Settings withNetwork(NetworkSpec network) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param init how the weights start
     * @return these settings with another initialisation
     */
    public Settings withInit(Init init) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param optimizer the optimizer and its learning rate
     * @return these settings with another optimizer
     */
    public Settings withOptimizer(OptimizerSettings optimizer) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param schedule how the learning rate changes
     * @return these settings with another schedule
     */
    public Settings withSchedule(Schedule schedule) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param steps full batch or mini-batches, and how many
     * @return these settings with other steps
     */
    public Settings withSteps(Steps steps) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param augment whether training images are randomly distorted
     * @return these settings with augmentation on or off
     */
    public Settings withAugment(boolean augment) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param stopping early stopping and the time budget
     * @return these settings with other stopping rules
     */
    public Settings withStopping(Stopping stopping) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param heldOut the dev and test rows
     * @return these settings holding out other rows
     */
    public Settings withHeldOut(HeldOutRows heldOut) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param seed the seed of every random choice
     * @return these settings with another seed
     */
    public Settings withSeed(long seed) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param preset what a preset decided
     * @return these settings recording it
     */
    public Settings withPreset(PresetDecisions preset) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param augmentFor the share of the planned steps that augment, from the first, in (0, 1]
     * @return these settings augmenting (when {@link #augment} is on) only that share of the steps
     */
    public Settings withAugmentFor(double augmentFor) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * @param labelSmoothing the training loss's label smoothing, in [0, 1) (0: one-hot targets)
     * @return these settings training towards (1 - e) one-hot + e / classes
     */
    public Settings withLabelSmoothing(double labelSmoothing) {
        return new Settings(network, init, optimizer, schedule, steps, augment, stopping, heldOut, seed, preset, augmentFor,
                labelSmoothing);
    }

    /**
     * Whether the step at {@code step} of a schedule of {@code totalSteps} steps augments its batch: the first
     * {@link #augmentFor} of them do (all when it is 1), when {@link #augment} is on.
     *
     * @param step       the step's place in the schedule (a time budget's schedule step under a budget)
     * @param totalSteps the schedule's steps
     * @return whether that step augments
     */
    public boolean augmentsAt(long step, long totalSteps) {
        return augment && (augmentFor >= 1 || step < augmentFor * totalSteps);
    }

    /**
     * @param height image height
     * @param width  image width
     * @return the augmentation trained with on images of that size, or null when {@link #augment} is off
     */
    public Augmenter.Settings augmentation(int height, int width) {
        return augment ? Preset.augmentation(height, width) : null;
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw new InvalidSettingException("Settings", field, "must be given, got null");
        }
    }
}
