package digitnet.testing;

/**
 * How far a cosine schedule squeezed into a time budget must have got by a real-clock run's last
 * step, read from the run's own record, so that a test needs no timing threshold.
 *
 * <p>Before each step the budget sets the step's place in the schedule to at least
 * floor(plannedSteps * spent / budget), spent being the seconds since the first step began
 * (train.Budget). The last step begins after the run's second-to-last progress record was taken,
 * whose {@code seconds} are measured from the same start on the same clock, so its place is at
 * least that record's share of the budget, and past the warm-up the cosine only falls. A run that
 * is slow only makes that share smaller; a schedule that lags the clock (reaching half of its
 * steps when the budget ends, say) leaves the last rate far above the ceiling.
 */
public final class BudgetEnd {
    private BudgetEnd() {}

    /**
     * The highest learning rate the last step may have.
     *
     * @param peak          the base learning rate
     * @param plannedSteps  the steps of the schedule the epochs asked for describe
     * @param warmupSteps   the cosine's linear warm-up, in steps
     * @param secondsBefore the seconds of the run's second-to-last progress record (0 if it has one record)
     * @param budget        the budget in seconds
     */
    public static double cosineCeiling(double peak, long plannedSteps, long warmupSteps, double secondsBefore,
                                       double budget) {
        // one step less than the floor: the budget's own rounding of the product, and the clock's
        // reading for the last step, can only put it further on
        long step = (long) Math.floor(plannedSteps * Math.min(1, secondsBefore / budget)) - 1;
        if (step < warmupSteps) {
            return peak;
        }
        double progress = Math.min(1, (double) (step - warmupSteps) / (plannedSteps - warmupSteps));
        return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
