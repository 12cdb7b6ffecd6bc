package digitnet.train;

import java.util.Locale;

/** Why a training run stopped. */
public enum StopReason {
    /** Every epoch (full batch: iteration) asked for was run. */
    COMPLETED,
    /** Early stopping: {@link Stopping#patience()} reports in a row without a better dev accuracy. */
    PATIENCE,
    /**
     * The time budget {@link Stopping#maxSeconds()} ran out before the epochs did. A normal end: the
     * schedule was fitted to the budget, so the run ended annealed ({@link Budget}).
     */
    BUDGET;

    /** @return the reason as one lower-case word, in output and JSON: "completed", "patience", "budget" */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
