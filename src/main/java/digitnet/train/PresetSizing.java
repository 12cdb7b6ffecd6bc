package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.nn.Init;
import digitnet.nn.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
        List<String> why = new ArrayList<>();
        Preset used = asked;
        if (asked == Preset.ACCURATE) {
            used = data.side() >= CNN_MIN_SIDE ? Preset.CNN : Preset.MLP;
            why.add(String.format(Locale.ROOT, "network: %s, since the images are %dx%d (cnn needs both sides >= %d)",
                    used.id(), data.height(), data.width(), CNN_MIN_SIDE));
        }
        if (used == Preset.SEED) {
            TrainConfig c = new TrainConfig(List.of(10), Init.UNIFORM, 500, 10, 0, 1.0, 10, seed);
            why.add("the notebook: 784-10-10, uniform init, full-batch SGD, 500 iterations, learning rate 1");
            return new PresetChoice(asked, used, c, c.iterations(), why);
        }
        if (used == Preset.CNN && data.side() < CNN_MIN_SIDE) {
            throw new digitnet.data.InvalidSettingException("Preset", "cnn", "needs images of at least "
                    + CNN_MIN_SIDE + "x" + CNN_MIN_SIDE + ", got " + data.height() + "x" + data.width());
        }
        boolean cnn = used == Preset.CNN;
        int batch = batchSize(data.trainRows(), cnn ? 64 : 128);
        double baseRate = cnn ? 0.003 : 0.002;
        double rate = baseRate * Math.sqrt(batch / (cnn ? 64.0 : 128.0));
        why.add(String.format(Locale.ROOT, "batch size: %d (the power of two nearest %,d training rows / 64, within [32, %d]);"
                + " learning rate %.4g = %.4g x sqrt(%d / %d)", batch, data.trainRows(), cnn ? 64 : 128, rate, baseRate,
                batch, cnn ? 64 : 128));
        int stepsPerEpoch = (data.trainRows() + batch - 1) / batch;
        long wanted = Math.max(MIN_STEPS, Math.min(MAX_STEPS, data.trainRows() / 2L));
        int epochs = (int) Math.max(1, Math.round((double) wanted / stepsPerEpoch));
        if ((long) epochs * stepsPerEpoch > MAX_STEPS) {
            epochs = Math.max(1, MAX_STEPS / stepsPerEpoch);
        } else if ((long) epochs * stepsPerEpoch < MIN_STEPS) {
            epochs = (MIN_STEPS + stepsPerEpoch - 1) / stepsPerEpoch;
        }
        long steps = (long) epochs * stepsPerEpoch;
        why.add(String.format(Locale.ROOT, "steps: %,d in %d epochs of %d batches (training rows / 2 = %,d, within [%,d, %,d])",
                steps, epochs, stepsPerEpoch, data.trainRows() / 2L, MIN_STEPS, MAX_STEPS));
        double warmup = Math.max(1, Math.round(epochs / 30.0));
        why.add(String.format(Locale.ROOT, "schedule: AdamW, weight decay 0.05, cosine to 0 after %.0f warm-up epoch(s)", warmup));
        Augmenter.Settings augment = augmentation(data.height(), data.width());
        why.add(augment == null
                ? String.format(Locale.ROOT, "augmentation: off, the images' shorter side %d is under %d pixels",
                        data.side(), MIN_AUGMENT_SIDE)
                : String.format(Locale.ROOT, "augmentation: shift %.0f%%, rotation %.0f degrees, elastic alpha %.3f sigma %.2f"
                        + " (of the image size)", augment.maxShift() * 100, augment.maxDegrees(), augment.alpha(),
                        augment.sigma()));
        int patience = data.devRows() > 0 ? Math.max(10, epochs / 2) : 0;
        why.add(patience > 0 ? "early stopping: after " + patience + " epochs without a better dev accuracy; best weights kept"
                : "early stopping: off, no dev rows");
        OptimizerConfig opt = new OptimizerConfig(OptimizerConfig.Kind.ADAMW, 0.9, 0.9, 0.999, 0.05);
        TrainConfig c = new TrainConfig(cnn ? List.of() : List.of(512, 256), Init.HE, 500, epochs, batch, rate, 10, seed,
                opt, new Schedule.Cosine(warmup), cnn ? 0 : 0.1, augment, patience, 0,
                cnn ? convnet(data.classes()) : List.of());
        why.add(cnn ? "network: 3x3 convolutions of 16, 32, 64 channels (batch norm, ReLU, 2x2 max pooling),"
                + " dropout 0.1, 128 units, dropout 0.1, " + data.classes() + " classes"
                : "network: 512-256 perceptron, dropout 0.1, " + data.classes() + " classes");
        return new PresetChoice(asked, used, c, steps, why);
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
