package digitnet.train;

/**
 * A time budget ({@link Stopping#maxSeconds}) that the learning-rate schedule is fitted to.
 *
 * <p>The schedule is planned over {@code plannedSteps} (the epochs asked for); a budget squeezes it
 * into the time available. Before each step the clock is read and the run's place in the schedule
 * is the further of two: the step reached, and the share of the budget spent applied to the steps
 * that remained when this run started (all of them, unless it resumes):
 * <pre>scheduleStep = max(step, firstStep + (plannedSteps - firstStep) * elapsed / seconds)</pre>
 * When the budget allows every planned step, the schedule is the one the epochs describe and the
 * run completes; when it does not, the warm-up, the decay points and the final annealing all come
 * at the same fractions of the budget as they would of the epochs, and the step that finds the
 * budget spent is not taken. The last step taken started before the budget ran out and ran at the
 * schedule's rate of just before its end.
 *
 * <p>Progress is measured, not extrapolated: reading the clock costs nanoseconds against the
 * milliseconds of a step, and it follows the speed as it changes (the JIT's first steps, other work
 * on the machine, the dev evaluations between epochs, which the budget includes).
 */
final class Budget {
    private final double seconds, start;
    private final long firstStep, plannedSteps;
    private long scheduleStep;

    /**
     * @param seconds      the budget, > 0
     * @param start        the clock when the run's first step starts
     * @param firstStep    the schedule's step this run starts at (0, or where a resumed run goes on)
     * @param plannedSteps the steps of the whole planned schedule
     */
    Budget(double seconds, double start, long firstStep, long plannedSteps) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0, got " + seconds);
        }
        this.seconds = seconds;
        this.start = start;
        this.firstStep = firstStep;
        this.plannedSteps = plannedSteps;
    }

    /**
     * Called before step {@code step} with the clock's time {@code now}: false when the budget is
     * spent (the step is not to be taken); otherwise fixes {@link #scheduleStep} for this step.
     */
    boolean allows(long step, double now) {
        double spent = (now - start) / seconds;
        if (spent >= 1) {
            return false;
        }
        long byTime = firstStep + (long) Math.floor((plannedSteps - firstStep) * Math.max(0, spent));
        scheduleStep = Math.min(Math.max(step, byTime), plannedSteps - 1);
        return true;
    }

    /** The step of the planned schedule whose rate the current step uses. */
    long scheduleStep() {
        return scheduleStep;
    }
}
