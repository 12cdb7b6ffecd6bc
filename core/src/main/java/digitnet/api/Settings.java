package digitnet.api;

import digitnet.data.InvalidSettingException;
import digitnet.nn.LayerSpec;
import digitnet.train.OptimizerConfig;
import digitnet.train.Preset;
import digitnet.train.PresetChoice;
import digitnet.train.PresetData;
import digitnet.train.TrainConfig;
import java.util.List;

/**
 * How to train: the network, the optimizer and its schedule, how many steps, which rows to hold
 * out, the seed. Start from a preset ({@link #notebook()}, {@link #quick()}, or one sized for your
 * data: {@link #accurate(Digits)}, {@link #mlp}, {@link #cnn}) and change what you need with the
 * {@code with...} methods; every value is checked when the record is made, and a value out of range
 * is refused with an {@link InvalidSettingException} naming the field ({@code Settings.learningRate}).
 *
 * <p>{@code batchSize == 0} means full-batch gradient descent for {@code iterations} steps (the
 * notebook); otherwise mini-batches of {@code batchSize} rows for {@code epochs} epochs, reshuffled
 * each epoch. When a run is resumed ({@link Digitnet#resume}), {@code epochs} (or {@code iterations})
 * counts the whole run, the epochs before the resume included.
 *
 * @param network         the network's shape
 * @param init            how the weights start
 * @param optimizer       which optimizer
 * @param learningRate    the base learning rate, positive
 * @param momentum        the momentum of {@link Optimizer#MOMENTUM} and {@link Optimizer#NESTEROV}, in [0, 1)
 *                        (0.9 in the presets)
 * @param beta1           Adam's first-moment decay, in [0, 1) (0.9 in the presets)
 * @param beta2           Adam's second-moment decay, in [0, 1) (0.999 in the presets)
 * @param weightDecay     L2 weight decay on weights (decoupled for AdamW), at least 0
 * @param schedule        how the learning rate changes over the run
 * @param warmupEpochs    warm-up of the {@link Schedule#COSINE} schedule, in epochs, at least 0
 * @param stepEveryEpochs epochs between two decays of the {@link Schedule#STEP} schedule, positive
 * @param stepFactor      factor of each decay of the {@link Schedule#STEP} schedule, in (0, 1]
 * @param batchSize       rows per step; 0 for full batch
 * @param epochs          passes over the training rows (mini-batches)
 * @param iterations      steps (full batch)
 * @param progressEvery   full batch: a {@link Progress} every this many iterations, at least 1;
 *                        mini-batch runs report after each epoch
 * @param dropout         dropout probability after each hidden layer of a perceptron, in [0, 1); a
 *                        layer list places {@code LayerSpec.dropout(p)} items instead
 * @param augment         whether each training image is randomly shifted, rotated and distorted (by
 *                        amounts that are fractions of the image size)
 * @param patience        stop after this many epochs without a better dev accuracy, keeping the best
 *                        weights; 0 for no early stopping
 * @param maxSeconds      a time budget in seconds: the schedule is fitted to it and the run ends
 *                        annealed within a step of it (not reproducible to the bit); 0 for no limit
 * @param devRows         rows held out (after shuffling with the seed) to measure progress on
 * @param testRows        rows held out before the dev rows, never used for any decision
 * @param seed            the seed of every random choice: same seed, same model
 * @param preset          the preset these settings started from ("seed", "mlp", "cnn", "accurate"), or null
 * @param presetUsed      the preset that decided the values ({@code accurate} resolves to "mlp" or
 *                        "cnn"), or null when {@code preset} is null or the record does not say
 * @param plannedSteps    the optimizer steps that preset planned for the data; 0 when {@code presetUsed} is null
 * @param presetDecisions what that preset decided for the data and why, one line each (empty when
 *                        none); kept by the {@code with...} methods. The model file records them as they
 *                        read for the values that train: while they are the preset's own lines for the
 *                        rows trained on, each value a {@code with...} method changed is given as it
 *                        trains, followed by its field ("batch size: 32 (Settings.batchSize)"), and the
 *                        steps recorded are those the run plans; other lines (the command line's, which
 *                        name its flags) are recorded as given
 */
public record Settings(NetworkSpec network, Initialisation init, Optimizer optimizer, double learningRate,
                       double momentum, double beta1, double beta2, double weightDecay, Schedule schedule,
                       double warmupEpochs, double stepEveryEpochs, double stepFactor, int batchSize, int epochs,
                       int iterations, int progressEvery, double dropout, boolean augment, int patience,
                       double maxSeconds, int devRows, int testRows, long seed, String preset, String presetUsed,
                       long plannedSteps, List<String> presetDecisions) {

    /** How the weights start. */
    public enum Initialisation {
        /** Weights and biases uniform in [-0.5, 0.5], as the notebook. */
        UNIFORM,
        /** He et al. 2015: normal with variance 2 / fan-in, biases 0; for ReLU networks. */
        HE,
        /** Glorot and Bengio 2010: uniform in +-sqrt(6 / (fan-in + fan-out)), biases 0. */
        XAVIER
    }

    /** The optimizers. */
    public enum Optimizer {
        /** Plain stochastic gradient descent. */
        SGD,
        /** SGD with momentum ({@link Settings#momentum()}). */
        MOMENTUM,
        /** SGD with Nesterov momentum ({@link Settings#momentum()}). */
        NESTEROV,
        /** Adam ({@link Settings#beta1()}, {@link Settings#beta2()}). */
        ADAM,
        /** Adam with decoupled weight decay. */
        ADAMW
    }

    /** How the learning rate changes over a run. */
    public enum Schedule {
        /** The base learning rate throughout. */
        CONSTANT,
        /** Multiplied by {@link Settings#stepFactor()} every {@link Settings#stepEveryEpochs()} epochs. */
        STEP,
        /**
         * A linear warm-up over {@link Settings#warmupEpochs()}, then a cosine from the base learning rate
         * down to 0 at the last step.
         */
        COSINE
    }

    /** Momentum and Adam's betas of the presets. */
    static final double MOMENTUM = 0.9, BETA1 = 0.9, BETA2 = 0.999;

    /**
     * Checks every value; one out of range is refused with an {@link InvalidSettingException} naming
     * its field ({@code Settings.epochs}) and what is wrong.
     *
     * @param network         the network's shape
     * @param init            how the weights start
     * @param optimizer       which optimizer
     * @param learningRate    the base learning rate
     * @param momentum        momentum of the momentum optimizers
     * @param beta1           Adam's first-moment decay
     * @param beta2           Adam's second-moment decay
     * @param weightDecay     L2 weight decay
     * @param schedule        how the learning rate changes
     * @param warmupEpochs    warm-up of the cosine schedule, in epochs
     * @param stepEveryEpochs epochs between decays of the step schedule
     * @param stepFactor      factor of each decay of the step schedule
     * @param batchSize       rows per step; 0 for full batch
     * @param epochs          passes over the training rows (mini-batches)
     * @param iterations      steps (full batch)
     * @param progressEvery   full-batch iterations between progress reports
     * @param dropout         dropout probability after each hidden layer of a perceptron
     * @param augment         whether training images are randomly distorted
     * @param patience        epochs without a better dev accuracy before stopping; 0 for none
     * @param maxSeconds      time budget in seconds; 0 for none
     * @param devRows         rows held out to measure progress on
     * @param testRows        rows held out before them
     * @param seed            the seed of every random choice
     * @param preset          the preset these settings started from, or null
     * @param presetUsed      the preset that decided the values, or null
     * @param plannedSteps    the steps that preset planned; 0 without one
     * @param presetDecisions what that preset decided, one line each (null reads as none)
     */
    public Settings {
        presetDecisions = presetDecisions == null ? List.of() : List.copyOf(presetDecisions);
        required("network", network);
        required("init", init);
        required("optimizer", optimizer);
        required("schedule", schedule);
        if (devRows < 0) {
            throw new InvalidSettingException("Settings", "devRows", "must be >= 0, got " + devRows);
        }
        if (testRows < 0) {
            throw new InvalidSettingException("Settings", "testRows", "must be >= 0, got " + testRows);
        }
        if (dropout != 0 && network instanceof NetworkSpec.Layers) {
            throw new InvalidSettingException("Settings", "dropout", "applies to perceptrons only; "
                    + "put LayerSpec.dropout(" + dropout + ") items in the layer list instead");
        }
        if (plannedSteps < 0) {
            throw new InvalidSettingException("Settings", "plannedSteps", "must be >= 0, got " + plannedSteps);
        }
        SettingsConfig.of(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, seed, 28, 28);
    }

    /**
     * The notebook, the command line's {@code --preset seed}: 784-10-10 perceptron, uniform init,
     * full-batch SGD, 500 iterations, learning rate 1; 1000 dev rows, seed 1.
     *
     * @return the preset
     */
    public static Settings notebook() {
        // the notebook does not depend on the data: any facts give it
        return of(Preset.SEED.choose(new PresetData(9000, 1000, 1, 28, 28, 10), 1), 1000, 0);
    }

    /**
     * A few seconds of training: 784-64-10 perceptron, He init, Adam at 0.002, mini-batches of 64
     * for 3 epochs; 1000 dev rows, seed 1.
     *
     * @return the preset
     */
    public static Settings quick() {
        return new Settings(NetworkSpec.mlp(64), Initialisation.HE, Optimizer.ADAM, 0.002, MOMENTUM, BETA1, BETA2, 0,
                Schedule.CONSTANT, 0, 10, 0.1, 64, 3, 500, 10, 0, false, 0, 0, 1000, 0, 1, null, null, 0, List.of());
    }

    /**
     * The command line's {@code --preset mlp} sized for {@code data} with {@code devRows} and
     * {@code testRows} held out: a 512-256 perceptron with dropout 0.1, He init, AdamW with weight
     * decay 0.05 on a cosine schedule; optimizer steps, batch size, learning rate, augmentation and
     * early stopping chosen from the rows and the image size (docs/training.md, "Presets"); seed 1.
     * The {@code with...} methods change values afterwards without sizing again: hold out other rows
     * by asking the preset for them.
     *
     * @param data     the labelled images to train on
     * @param devRows  rows held out to measure progress on (and to stop early on)
     * @param testRows rows held out before them
     * @return the preset; {@link #presetDecisions()} says what it decided
     * @throws InvalidSettingException when the held-out rows leave nothing to train on
     */
    public static Settings mlp(Digits data, int devRows, int testRows) {
        return of(Preset.MLP.choose(facts(data, devRows, testRows), 1), devRows, testRows);
    }

    /**
     * The command line's {@code --preset cnn} sized for {@code data}: three 3x3 convolutions (16, 32,
     * 64 channels, padding 1), each with batch norm, ReLU and 2x2 max pooling, then dropout 0.1, a
     * linear layer of 128 with ReLU and dropout 0.1, and a linear layer of the data's classes; He
     * init, AdamW with weight decay 0.05 on a cosine schedule, sized from the data as {@link #mlp}.
     *
     * @param data     the labelled images to train on, at least 8x8
     * @param devRows  rows held out to measure progress on (and to stop early on)
     * @param testRows rows held out before them
     * @return the preset; {@link #presetDecisions()} says what it decided
     * @throws InvalidSettingException when the images are smaller than 8x8 or the held-out rows leave
     *                                 nothing to train on
     */
    public static Settings cnn(Digits data, int devRows, int testRows) {
        return of(Preset.CNN.choose(facts(data, devRows, testRows), 1), devRows, testRows);
    }

    /**
     * The command line's {@code --preset accurate} sized for {@code data}: {@link #cnn} when both
     * image sides are at least 8 pixels, {@link #mlp} otherwise (a 1xN row).
     *
     * @param data     the labelled images to train on
     * @param devRows  rows held out to measure progress on (and to stop early on)
     * @param testRows rows held out before them
     * @return the preset; {@link #presetDecisions()} says what it decided
     * @throws InvalidSettingException when the held-out rows leave nothing to train on
     */
    public static Settings accurate(Digits data, int devRows, int testRows) {
        return of(Preset.ACCURATE.choose(facts(data, devRows, testRows), 1), devRows, testRows);
    }

    /**
     * {@link #accurate(Digits, int, int)} with a fifth of the rows, at most 1000, held out as dev rows.
     *
     * @param data the labelled images to train on
     * @return the preset
     */
    public static Settings accurate(Digits data) {
        return accurate(data, Math.min(1000, data.count() / 5), 0);
    }

    // the facts a preset is sized from; the library's errors keep naming this record's fields
    private static PresetData facts(Digits data, int devRows, int testRows) {
        if (devRows < 0 || testRows < 0 || (long) devRows + testRows >= data.count()) {
            throw new InvalidSettingException("Settings", "devRows", "and testRows hold out " + devRows + " + "
                    + testRows + " rows, leaving none of the " + data.count() + " to train on");
        }
        return PresetData.of(data.dataset(), devRows, testRows);
    }

    // a preset's configuration as settings
    private static Settings of(PresetChoice choice, int devRows, int testRows) {
        TrainConfig c = choice.config();
        NetworkSpec network = c.layers().isEmpty() ? NetworkSpec.mlp(c.hidden().stream().mapToInt(Integer::intValue).toArray())
                : NetworkSpec.layers(c.layers().toArray(LayerSpec[]::new));
        OptimizerConfig o = c.optimizer();
        double warmup = c.schedule() instanceof digitnet.train.Schedule.Cosine cos ? cos.warmupEpochs() : 0;
        digitnet.train.Schedule.StepDecay step = c.schedule() instanceof digitnet.train.Schedule.StepDecay d ? d
                : new digitnet.train.Schedule.StepDecay(10, 0.1);
        Schedule schedule = c.schedule() instanceof digitnet.train.Schedule.Cosine ? Schedule.COSINE
                : c.schedule() instanceof digitnet.train.Schedule.StepDecay ? Schedule.STEP : Schedule.CONSTANT;
        return new Settings(network, Initialisation.valueOf(c.init().name()), Optimizer.valueOf(o.kind().name()),
                c.learningRate(), o.momentum(), o.beta1(), o.beta2(), o.weightDecay(), schedule, warmup,
                step.everyEpochs(), step.factor(), c.batchSize(), c.epochs(), c.iterations(), c.every(), c.dropout(),
                c.augment() != null, c.patience(), c.maxSeconds(), devRows, testRows, c.seed(), choice.asked().id(),
                choice.used().id(), choice.plannedSteps(), choice.decisions());
    }

    /**
     * @param network the network's shape
     * @return these settings with another network (and no perceptron dropout when it is a layer list)
     */
    public Settings withNetwork(NetworkSpec network) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery,
                network instanceof NetworkSpec.Layers ? 0 : dropout, augment, patience, maxSeconds, devRows, testRows,
                seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param init how the weights start
     * @return these settings with another initialisation
     */
    public Settings withInit(Initialisation init) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param optimizer    which optimizer
     * @param learningRate its base learning rate
     * @return these settings with another optimizer and learning rate
     */
    public Settings withOptimizer(Optimizer optimizer, double learningRate) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param momentum the momentum of {@link Optimizer#MOMENTUM} and {@link Optimizer#NESTEROV}, in [0, 1)
     * @return these settings with another momentum
     */
    public Settings withMomentum(double momentum) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param beta1 Adam's first-moment decay, in [0, 1)
     * @param beta2 Adam's second-moment decay, in [0, 1)
     * @return these settings with other betas for {@link Optimizer#ADAM} and {@link Optimizer#ADAMW}
     */
    public Settings withBetas(double beta1, double beta2) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /** @return these settings with the base learning rate throughout */
    public Settings withConstantRate() {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay,
                Schedule.CONSTANT, warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations,
                progressEvery, dropout, augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed,
                plannedSteps, presetDecisions);
    }

    /**
     * @param everyEpochs epochs between two decays, positive (may be fractional)
     * @param factor      the factor of each decay, in (0, 1]
     * @return these settings with the step schedule
     */
    public Settings withStepDecay(double everyEpochs, double factor) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay,
                Schedule.STEP, warmupEpochs, everyEpochs, factor, batchSize, epochs, iterations, progressEvery,
                dropout, augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps,
                presetDecisions);
    }

    /**
     * @param warmupEpochs the linear warm-up before the cosine, in epochs, at least 0 (may be fractional)
     * @return these settings with the cosine schedule
     */
    public Settings withCosineDecay(double warmupEpochs) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay,
                Schedule.COSINE, warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations,
                progressEvery, dropout, augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed,
                plannedSteps, presetDecisions);
    }

    /**
     * @param batchSize rows per step
     * @param epochs    passes over the training rows
     * @return these settings with mini-batch training
     */
    public Settings withMiniBatches(int batchSize, int epochs) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param iterations full-batch steps
     * @return these settings with full-batch training
     */
    public Settings withFullBatch(int iterations) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, 0, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param progressEvery full-batch iterations between two {@link Progress} reports, at least 1
     * @return these settings reporting at that interval (mini-batch runs report after each epoch)
     */
    public Settings withProgressEvery(int progressEvery) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param devRows  rows held out to measure progress on
     * @param testRows rows held out before them, never used for any decision
     * @return these settings with other held-out rows
     */
    public Settings withHeldOut(int devRows, int testRows) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param dropout  dropout probability after each hidden layer of a perceptron
     * @param augment  whether training images are randomly distorted
     * @param weightDecay L2 weight decay
     * @return these settings with other regularisation
     */
    public Settings withRegularisation(double dropout, boolean augment, double weightDecay) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param patience   epochs without a better dev accuracy before stopping; 0 for none
     * @param maxSeconds time budget in seconds; 0 for none
     * @return these settings with other stopping rules
     */
    public Settings withStopping(int patience, double maxSeconds) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * @param seed the seed of every random choice
     * @return these settings with another seed
     */
    public Settings withSeed(long seed) {
        return new Settings(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, devRows, testRows, seed, preset, presetUsed, plannedSteps, presetDecisions);
    }

    /**
     * Whether the learning rate follows a cosine after a warm-up.
     *
     * @return {@code schedule() == Schedule.COSINE}
     */
    public boolean cosineSchedule() {
        return schedule == Schedule.COSINE;
    }

    /** The training loop's configuration for images of height x width (augmentation fitted to the image size). */
    TrainConfig config(int height, int width) {
        return SettingsConfig.of(network, init, optimizer, learningRate, momentum, beta1, beta2, weightDecay, schedule,
                warmupEpochs, stepEveryEpochs, stepFactor, batchSize, epochs, iterations, progressEvery, dropout,
                augment, patience, maxSeconds, seed, height, width);
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw new InvalidSettingException("Settings", field, "must be given, got null");
        }
    }
}
