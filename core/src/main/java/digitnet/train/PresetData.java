package digitnet.train;

import digitnet.data.Dataset;
import digitnet.data.InvalidSettingException;

/**
 * The data's shape and size, which a {@link Preset} is sized from.
 *
 * @param trainRows rows trained on (the data set less its dev and test rows)
 * @param devRows   rows held out to evaluate on; 0 for none (then nothing can stop early)
 * @param testRows  rows held out before the dev rows
 * @param channels  image channels
 * @param height    image height in pixels (1 for a row of N values)
 * @param width     image width in pixels
 * @param classes   number of classes
 */
public record PresetData(int trainRows, int devRows, int testRows, int channels, int height, int width, int classes) {
    /** Facts of the notebook's data, for presets that do not depend on them ({@link Preset#SEED}). */
    public static final PresetData NOMINAL = new PresetData(9_000, 1_000, 0, 1, 28, 28, 10);

    public PresetData {
        positive("trainRows", trainRows);
        new HeldOutRows(devRows, testRows);
        positive("channels", channels);
        positive("height", height);
        positive("width", width);
        if (classes < 2) {
            throw new InvalidSettingException("PresetData", "classes", "must be >= 2, got " + classes);
        }
    }

    /** The facts of {@code all} once {@code heldOut} rows are held out (as {@link Splits#of} cuts). */
    public static PresetData of(Dataset all, HeldOutRows heldOut) {
        return new PresetData(heldOut.trainRows(all.count()), heldOut.devRows(), heldOut.testRows(), 1, all.height(),
                all.width(), all.classes());
    }

    /** The rows held out. */
    public HeldOutRows heldOut() {
        return new HeldOutRows(devRows, testRows);
    }

    /** The shorter image side. */
    int side() {
        return Math.min(height, width);
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new InvalidSettingException("PresetData", field, "must be >= 1, got " + value);
        }
    }
}
