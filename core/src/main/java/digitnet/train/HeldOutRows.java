package digitnet.train;

import digitnet.data.InvalidSettingException;

/**
 * The rows a run does not train on, cut by {@link Splits#of}: first {@code testRows}, never used for any
 * decision, then {@code devRows} to measure progress (and stop early) on.
 *
 * @param devRows  rows held out (after shuffling with the seed) to measure progress on, at least 0
 * @param testRows rows held out before the dev rows, at least 0
 */
public record HeldOutRows(int devRows, int testRows) {

    /**
     * Checks both counts; a negative one is refused naming {@code HeldOutRows.field}.
     *
     * @param devRows  dev rows
     * @param testRows test rows
     */
    public HeldOutRows {
        if (devRows < 0) {
            throw new InvalidSettingException("HeldOutRows", "devRows", "must be >= 0, got " + devRows);
        }
        if (testRows < 0) {
            throw new InvalidSettingException("HeldOutRows", "testRows", "must be >= 0, got " + testRows);
        }
    }

    /**
     * @param devRows dev rows
     * @return those dev rows and no test rows
     */
    public static HeldOutRows dev(int devRows) {
        return new HeldOutRows(devRows, 0);
    }

    /**
     * @param rows the rows of a data set
     * @return whether at least one of them is left to train on
     */
    public boolean fit(int rows) {
        return (long) devRows + testRows < rows;
    }

    /**
     * The one check of every held-out count against a data set.
     *
     * @param rows the rows of a data set
     * @return the rows left to train on
     * @throws InvalidSettingException naming {@code HeldOutRows.devRows} when none are left
     */
    public int trainRows(int rows) {
        if (!fit(rows)) {
            throw new InvalidSettingException("HeldOutRows", "devRows", "and testRows hold out " + devRows + " + "
                    + testRows + " rows, leaving none of the " + rows + " to train on");
        }
        return rows - devRows - testRows;
    }
}
