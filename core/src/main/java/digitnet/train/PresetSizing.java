package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.nn.Init;
import digitnet.nn.LayerSpec;
import java.util.List;

/**
 * How the presets adapt to the data (docs/training.md, "Presets", has the measurements):
 * <ul>
 *   <li>optimizer steps: half a step per training row, at least {@link Preset#MIN_STEPS} (small data sets
 *       reach it) and at most {@link Preset#MAX_STEPS} (large ones respect it), in whole epochs;</li>
 *   <li>batch size: the power of two nearest rows / 64, within [32, 128] for mlp and [32, 64] for cnn;
 *       the learning rate scales with the square root of the batch size;</li>
 *   <li>augmentation: off for images whose shorter side is under {@link Preset#MIN_AUGMENT_SIDE} pixels
 *       (there it keeps the network from fitting its training rows); elsewhere its elastic
 *       displacement is scaled to the image, so that every distortion is the same fraction of it;</li>
 *   <li>early stopping: with dev rows, patience of half the epochs (at least 10), best weights kept:
 *       a run stops when its second half brings nothing; a fifth stopped the cnn while the cosine
 *       schedule was still high (docs/training.md).</li>
 * </ul>
 */
final class PresetSizing {
    static final int MIN_STEPS = Preset.MIN_STEPS;
    static final int MAX_STEPS = Preset.MAX_STEPS;
    static final int MIN_AUGMENT_SIDE = Preset.MIN_AUGMENT_SIDE;
    /** The image side the standard augmentation magnitudes were set on. */
    private static final double STANDARD_SIDE = 28;
    static final int CNN_MIN_SIDE = Preset.CNN_MIN_SIDE;

    private PresetSizing() {}

    static PresetChoice choose(Preset asked, PresetData data, long seed) {
        Preset used = asked;
        if (asked == Preset.ACCURATE) {
            used = data.side() >= CNN_MIN_SIDE ? Preset.CNN : Preset.MLP;
        }
        TrainConfig c = config(used, data, seed);
        // the lines say why each value was chosen (PresetDecisions), for the configuration as chosen
        return new PresetChoice(asked, used, data, c, steps(c, data.trainRows()),
                PresetDecisions.lines(asked, used, data, c, c, setting -> null));
    }

    /** The configuration {@code used} (seed, mlp or cnn) trains on {@code data}. */
    private static TrainConfig config(Preset used, PresetData data, long seed) {
        if (used == Preset.SEED) {
            return new TrainConfig(List.of(10), Init.UNIFORM, 500, 10, 0, 1.0, 10, seed);
        }
        if (used == Preset.CNN && data.side() < CNN_MIN_SIDE) {
            throw new digitnet.data.InvalidSettingException("Preset", "cnn", "needs images of at least "
                    + CNN_MIN_SIDE + "x" + CNN_MIN_SIDE + ", got " + data.height() + "x" + data.width());
        }
        boolean cnn = used == Preset.CNN;
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
        OptimizerConfig opt = new OptimizerConfig(OptimizerConfig.Kind.ADAMW, 0.9, 0.9, 0.999, 0.05);
        return new TrainConfig(cnn ? List.of() : List.of(512, 256), Init.HE, 500, epochs, batch, rate, 10, seed,
                opt, new Schedule.Cosine(warmup), cnn ? 0 : 0.1, augmentation(data.height(), data.width()), patience, 0,
                cnn ? convnet(data.classes()) : List.of());
    }

    /** The largest batch mlp (128) and cnn (64) choose: the batch their base learning rate was set for. */
    static int maxBatch(boolean cnn) {
        return cnn ? 64 : 128;
    }

    /** The learning rate of mlp (0.002) and cnn (0.003) at their largest batch. */
    static double baseRate(boolean cnn) {
        return cnn ? 0.003 : 0.002;
    }

    /** Optimizer steps {@code c} plans on {@code rows} training rows: epochs x batches per epoch, or its iterations for full batch. */
    static long steps(TrainConfig c, int rows) {
        return c.fullBatch() ? c.iterations() : (long) c.epochs() * stepsPerEpoch(c, rows);
    }

    /** Batches in an epoch of {@code rows} rows (1 for full batch), as {@link Trainer} cuts them. */
    static int stepsPerEpoch(TrainConfig c, int rows) {
        return c.fullBatch() ? 1 : (int) ((rows + (long) c.batchSize() - 1) / c.batchSize());
    }

    /** The power of two nearest rows / 64, within [32, max]. */
    static int batchSize(int rows, int max) {
        int b = Integer.highestOneBit(Math.max(1, rows / 64));
        if (b > 0 && rows / 64.0 >= b * 1.5) {
            b *= 2;
        }
        return Math.max(32, Math.min(max, b));
    }

    /**
     * Augmentation fitted to images of height x width, or null where it is off. Shift and rotation are
     * already fractions of the image; the elastic field's displacement, Gaussian-smoothed over sigma x
     * side pixels, comes to about 0.16 alpha / sigma pixels whatever the side, so alpha is scaled with
     * the side to keep it the same fraction of the image as at 28x28.
     */
    static Augmenter.Settings augmentation(int height, int width) {
        if (Math.min(height, width) < MIN_AUGMENT_SIDE) {
            return null;
        }
        return fitted(height, width);
    }

    /** The standard magnitudes fitted to the image size, for any image (a user's --augment on small images too). */
    static Augmenter.Settings fitted(int height, int width) {
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
