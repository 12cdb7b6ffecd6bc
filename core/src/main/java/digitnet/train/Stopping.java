package digitnet.train;

import digitnet.data.InvalidSettingException;

/**
 * When a run stops before its steps are done.
 *
 * @param patience   stop after this many reports (epochs) without a better dev accuracy, keeping the best
 *                   weights; 0 for no early stopping (it needs dev rows)
 * @param maxSeconds a time budget in seconds that the schedule is fitted to ({@link Budget}): the run ends,
 *                   annealed, before the first step that would start past it (not reproducible to the
 *                   bit); 0 for no limit
 */
public record Stopping(int patience, double maxSeconds) {

    /**
     * Checks both values; one out of range is refused naming {@code Stopping.field}.
     *
     * @param patience   reports without a better dev accuracy before stopping, at least 0
     * @param maxSeconds time budget in seconds, at least 0
     */
    public Stopping {
        if (patience < 0) {
            throw new InvalidSettingException("Stopping", "patience", "must be >= 0, got " + patience);
        }
        if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
            throw new InvalidSettingException("Stopping", "maxSeconds", "must be >= 0, got " + maxSeconds);
        }
    }

    /** @return no early stopping and no time budget: every step asked for is run */
    public static Stopping none() {
        return new Stopping(0, 0);
    }

    /**
     * @param patience epochs without a better dev accuracy before stopping
     * @return early stopping, no time budget
     */
    public static Stopping patience(int patience) {
        return new Stopping(patience, 0);
    }
}
