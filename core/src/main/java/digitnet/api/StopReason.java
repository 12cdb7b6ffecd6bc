package digitnet.api;

import java.util.Locale;

/** Why a training run stopped. */
public enum StopReason {
    /** Every epoch (full batch: iteration) asked for was run. */
    COMPLETED,
    /** Early stopping: {@link Settings#patience()} epochs in a row without a better dev accuracy. */
    PATIENCE,
    /** The time budget {@link Settings#maxSeconds()} ran out first; the run ended with its schedule annealed. */
    BUDGET;

    /**
     * The reason as one lower-case word.
     *
     * @return "completed", "patience" or "budget"
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static StopReason of(digitnet.train.StopReason r) {
        return valueOf(r.name());
    }
}
