package digitnet.train;

import digitnet.data.Dataset;
import digitnet.data.InvalidSettingException;

/**
 * The facts about a data set that a {@link Preset} is sized from.
 *
 * @param trainRows rows trained on (the data set less its dev and test rows)
 * @param devRows   rows held out to evaluate on; 0 for none (then nothing can stop early)
 * @param channels  image channels
 * @param height    image height in pixels (1 for a row of N values)
 * @param width     image width in pixels
 * @param classes   number of classes
 */
public record PresetData(int trainRows, int devRows, int channels, int height, int width, int classes) {

    public PresetData {
        positive("trainRows", trainRows);
        if (devRows < 0) {
            throw new InvalidSettingException("PresetData", "devRows", "must be >= 0, got " + devRows);
        }
        positive("channels", channels);
        positive("height", height);
        positive("width", width);
        if (classes < 2) {
            throw new InvalidSettingException("PresetData", "classes", "must be >= 2, got " + classes);
        }
    }

    /** The facts of {@code all} once {@code devRows} and {@code testRows} are held out (as {@link Splits#of} cuts). */
    public static PresetData of(Dataset all, int devRows, int testRows) {
        long train = (long) all.count() - devRows - testRows;
        if (train < 1) {
            throw new InvalidSettingException("PresetData", "trainRows", "dev and test rows (" + devRows + " + " + testRows
                    + ") leave none of the " + all.count() + " rows to train on");
        }
        return new PresetData((int) train, devRows, 1, all.height(), all.width(), all.classes());
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
