package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.InvalidSettingException;
import java.util.Locale;

/**
 * The bundled ways to train, sized from the data by {@link #choose}: the one definition the command
 * line's {@code --preset} and the library's {@code Settings} presets both use. See {@link PresetSizing}
 * for how each adapts and docs/training.md for the measurements behind it.
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

    /**
     * Augmentation for images of {@code height} x {@code width} with the standard magnitudes fitted to
     * the image size (what {@code --augment} and {@code Settings.augment} turn on, whatever the size).
     */
    public static Augmenter.Settings augmentation(int height, int width) {
        return PresetSizing.fitted(height, width);
    }

    /** What this preset trains on {@code data}, with every random choice drawn from {@code seed}. */
    public PresetChoice choose(PresetData data, long seed) {
        return PresetSizing.choose(this, data, seed);
    }
}
