package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Init;
import digitnet.nn.LayerSpec;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The bundled ways to train, each a function from the data's shape and size ({@link PresetData}) to
 * {@link Settings} ({@link #settings}): the one definition the command line's {@code --preset} and the
 * library's presets both use. How mlp and cnn adapt (docs/training.md, "Presets", has the measurements):
 * <ul>
 *   <li>optimizer steps: half a step per training row, at least {@link #MIN_STEPS} (small data sets
 *       reach it) and at most {@link #MAX_STEPS} (large ones respect it), in whole epochs;</li>
 *   <li>batch size: the power of two nearest rows / 64, within [32, 128] for mlp and [32, 64] for cnn;
 *       the learning rate scales with the square root of the batch size;</li>
 *   <li>augmentation: off for images whose shorter side is under {@link #MIN_AUGMENT_SIDE} pixels
 *       (there it keeps the network from fitting its training rows); elsewhere its elastic
 *       displacement is scaled to the image, so that every distortion is the same fraction of it;
 *       mlp augments only the first half of its steps ({@link #MLP_AUGMENT_FOR});</li>
 *   <li>early stopping: with dev rows, patience of half the epochs (at least 10), best weights kept:
 *       a run stops when its second half brings nothing; a fifth stopped the cnn while the cosine
 *       schedule was still high (docs/training.md).</li>
 * </ul>
 * {@link PresetLines} writes what was decided and why.
 */
public enum Preset {
    /** The notebook exactly: 784-10-10 (any input size), uniform init, full-batch SGD, 500 iterations, rate 1. */
    SEED("seed"),
    /** A 512-256 perceptron, AdamW with a cosine schedule, sized from the rows; augmentation where it fits. */
    MLP("mlp"),
    /** Three 3x3 convolution blocks and a 128-unit layer (docs/cnn.md), sized like mlp; images of at least 8x8. */
    CNN("cnn"),
    /** cnn for images whose sides are both at least 8 pixels, mlp otherwise (a 1xN row, 7x7 images). */
    ACCURATE("accurate");

    /** Fewest optimizer steps mlp and cnn plan (small data sets reach it). */
    public static final int MIN_STEPS = 3000;
    /** Most optimizer steps mlp and cnn plan (large data sets respect it). */
    public static final int MAX_STEPS = 10000;
    /** Images whose shorter side is under this many pixels are not augmented (docs/training.md has the measurement). */
    public static final int MIN_AUGMENT_SIDE = 12;
    /** The smallest image side the convolutional network takes (three 2x2 poolings). */
    public static final int CNN_MIN_SIDE = 8;
    /**
     * The share of mlp's steps that augment, from the first: the rest fit the images as they are while the
     * cosine schedule anneals. Augmenting every step kept the digits' gain but cost a perceptron on clothes
     * (docs/training.md has the measurements); the first half kept nearly all of the one and most of the other.
     */
    public static final double MLP_AUGMENT_FOR = 0.5;
    /** Adam's betas under a time budget: a short memory suits the few hundred steps of one cycle. */
    static final double BUDGET_BETA1 = 0.9, BUDGET_BETA2 = 0.99;
    /**
     * The label smoothing under a time budget: on made splits (inverted digits and clothes, 8,000 / 2,000 rows,
     * 20 s, seeds 1-6) it gained 0.001 and 0.002 in mean accuracy (docs/training.md).
     */
    static final double BUDGET_LABEL_SMOOTHING = 0.1;
    /** The image side the standard augmentation magnitudes were set on. */
    private static final double STANDARD_SIDE = 28;

    private final String id;

    Preset(String id) {
        this.id = id;
    }

    /** The name the command line and the model file use ("accurate"). */
    public String id() {
        return id;
    }

    /** The preset named {@code name} (any case); another name is refused naming {@code Preset.name}. */
    public static Preset parse(String name) {
        for (Preset p : values()) {
            if (p.id.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new InvalidSettingException("Preset", "name", "must be seed, mlp, cnn or accurate, got '" + name + "'");
    }

    /** The preset that decides on {@code data}: {@code accurate} resolves to cnn or mlp by the image size. */
    public Preset used(PresetData data) {
        return this != ACCURATE ? this : data.side() >= CNN_MIN_SIDE ? CNN : MLP;
    }

    /**
     * What this preset trains on {@code data}, every random choice drawn from {@code seed}, with its
     * decisions and their reasons ({@link Settings#preset()}).
     */
    public Settings settings(PresetData data, long seed) {
        return settings(data, seed, 0);
    }

    /**
     * What this preset trains on {@code data} within a time budget of {@code budgetSeconds} (0 for none):
     * {@code cnn} (and {@code accurate} when it resolves to cnn) then trains the fast recipe sized to the
     * budget ({@link BudgetPlan}); the others keep their settings, with the budget fitted to their schedule.
     */
    public Settings settings(PresetData data, long seed, double budgetSeconds) {
        Preset used = used(data);
        Settings own = sized(used, data, seed, budgetSeconds);
        return own.withPreset(new PresetDecisions(this, used, own.steps().planned(data.trainRows()),
                PresetLines.lines(this, used, data, own, own, setting -> null)));
    }

    /**
     * What this preset decided on {@code data}, as it reads for a run of {@code run} instead of the preset's own
     * settings: each value the run changed reads as the run has it, followed by what set it in brackets,
     * {@code setBy} of each {@link PresetDecisions.Setting} that differs ("batch size: 32 (--batch-size)"); the
     * steps are those the run plans.
     *
     * @param budgetSeconds the budget the preset was sized for ({@link #settings(PresetData, long, double)}), 0 for none
     */
    public PresetDecisions decisions(PresetData data, Settings run, Function<PresetDecisions.Setting, String> setBy,
                                     double budgetSeconds) {
        Preset used = used(data);
        Settings own = sized(used, data, run.seed(), budgetSeconds);
        return new PresetDecisions(this, used, run.steps().planned(data.trainRows()),
                PresetLines.lines(this, used, data, own, run, setBy));
    }

    /** The settings {@code used} (seed, mlp or cnn) trains on {@code data} within {@code budget} seconds (0: none). */
    private static Settings sized(Preset used, PresetData data, long seed, double budget) {
        if (used == SEED) {
            return new Settings(NetworkSpec.mlp(10), Init.UNIFORM, OptimizerSettings.sgd(1.0), new Schedule.Constant(),
                    new Steps(0, 10, 500, 10), false, Stopping.none(), data.heldOut(), seed, null);
        }
        if (used == CNN && data.side() < CNN_MIN_SIDE) {
            throw new InvalidSettingException("Preset", "cnn", "needs images of at least "
                    + CNN_MIN_SIDE + "x" + CNN_MIN_SIDE + ", got " + data.height() + "x" + data.width());
        }
        boolean cnn = used == CNN;
        if (cnn && budget > 0) {
            return budgeted(data, seed, budget);
        }
        int batch = batchSize(data.trainRows(), maxBatch(cnn));
        double rate = baseRate(cnn) * Math.sqrt(batch / (double) maxBatch(cnn));
        int stepsPerEpoch = (data.trainRows() + batch - 1) / batch;
        long wanted = Math.max(MIN_STEPS, Math.min(MAX_STEPS, data.trainRows() / 2L));
        int epochs = (int) Math.max(1, Math.round((double) wanted / stepsPerEpoch));
        if ((long) epochs * stepsPerEpoch > MAX_STEPS) {
            epochs = Math.max(1, MAX_STEPS / stepsPerEpoch);
        } else if ((long) epochs * stepsPerEpoch < MIN_STEPS) {
            epochs = (MIN_STEPS + stepsPerEpoch - 1) / stepsPerEpoch;
        }
        double warmup = Math.max(1, Math.round(epochs / 30.0));
        int patience = data.devRows() > 0 ? Math.max(10, epochs / 2) : 0;
        NetworkSpec network = cnn ? new NetworkSpec.Layers(convnet(data.classes()))
                : new NetworkSpec.Mlp(List.of(512, 256), 0.1);
        return new Settings(network, Init.HE, OptimizerSettings.adamw(rate, 0.05), new Schedule.Cosine(warmup),
                new Steps(batch, epochs, 500, 10), data.side() >= MIN_AUGMENT_SIDE, Stopping.patience(patience),
                data.heldOut(), seed, null, cnn ? 1 : MLP_AUGMENT_FOR);
    }

    /** cnn within {@code budget} seconds: the fast recipe, sized to the budget ({@link BudgetPlan}). */
    private static Settings budgeted(PresetData data, long seed, double budget) {
        BudgetPlan plan = BudgetPlan.of(data, budget);
        int patience = data.devRows() > 0 ? Math.max(10, plan.epochs() / 2) : 0;
        OptimizerSettings adam = new OptimizerSettings(OptimizerSettings.Kind.ADAM, plan.learningRate(),
                OptimizerSettings.MOMENTUM, BUDGET_BETA1, BUDGET_BETA2, 0);
        return new Settings(new NetworkSpec.Layers(BudgetPlan.layers(plan.width(), data)), Init.HE, adam,
                new Schedule.Cosine(plan.epochs() / 4.0), new Steps(plan.batch(), plan.epochs(), 500, 10),
                data.side() >= MIN_AUGMENT_SIDE, new Stopping(patience, budget), data.heldOut(), seed, null, 1,
                BUDGET_LABEL_SMOOTHING);
    }

    /** The largest batch mlp (128) and cnn (64) choose: the batch their base learning rate was set for. */
    static int maxBatch(boolean cnn) {
        return cnn ? 64 : 128;
    }

    /** The learning rate of mlp (0.002) and cnn (0.003) at their largest batch. */
    static double baseRate(boolean cnn) {
        return cnn ? 0.003 : 0.002;
    }

    /** The power of two nearest rows / 64, within [32, max]. */
    static int batchSize(int rows, int max) {
        return powerOfTwoNear(rows / 64.0, 32, max);
    }

    /** The power of two nearest x (rounding at 1.5 times a power), within [min, max]. */
    static int powerOfTwoNear(double x, int min, int max) {
        int b = Integer.highestOneBit(Math.max(1, (int) x));
        if (x >= b * 1.5) {
            b *= 2;
        }
        return Math.max(min, Math.min(max, b));
    }

    /**
     * Augmentation for images of {@code height} x {@code width}: the standard magnitudes fitted to the
     * image size (what {@link Settings#augment} turns on, whatever the size). Shift and rotation are
     * already fractions of the image; the elastic field's displacement, Gaussian-smoothed over sigma x
     * side pixels, comes to about 0.16 alpha / sigma pixels whatever the side, so alpha is scaled with
     * the side to keep it the same fraction of the image as at 28x28.
     */
    public static Augmenter.Settings augmentation(int height, int width) {
        Augmenter.Settings s = Augmenter.Settings.standard();
        double alpha = Math.min(9.9, s.alpha() * Math.max(height, width) / STANDARD_SIDE);
        return new Augmenter.Settings(s.maxShift(), s.maxDegrees(), alpha, s.sigma());
    }

    /** The convnet of docs/cnn.md, its last layer sized to {@code classes}. */
    static List<LayerSpec> convnet(int classes) {
        return List.of(LayerSpec.conv(16, 3, 1, 1), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.conv(32, 3, 1, 1), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.conv(64, 3, 1, 1), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.flatten(), LayerSpec.dropout(0.1), LayerSpec.linear(128), LayerSpec.relu(),
                LayerSpec.dropout(0.1), LayerSpec.linear(classes));
    }
}
