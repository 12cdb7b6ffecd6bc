package digitnet.train;

import java.util.Locale;

/** Why a training run stopped. */
public enum StopReason {
    /** Every epoch (full batch: iteration) asked for was run. */
    COMPLETED,
    /** Early stopping: {@code patience} reports in a row without a better dev accuracy. */
    PATIENCE,
    /**
     * The time budget {@code maxSeconds} ran out before the epochs did. A normal end: the schedule
     * was fitted to the budget, so the run ended annealed ({@link Budget}).
     */
    BUDGET;

    /** The name in output and JSON: "completed", "patience", "budget". */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
