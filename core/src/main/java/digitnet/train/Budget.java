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
 *
 * <p>Counted from a {@link BudgetStart} (the command line's process start), the budget is the whole run:
 * the {@code seconds} above are what is left of it when the loop starts, less the time predicted for
 * what follows the loop (scoring the start's rows at {@link #SCORE_SHARE} of the loop's seconds per row
 * trained, once {@link #PREDICT_AFTER} of the loop has run, and {@link #SAVE_SECONDS}).
 */
final class Budget {
    /**
     * Seconds of scoring per row against seconds of training per row, for the time a {@link BudgetStart} leaves
     * after the loop. Scoring is a forward pass, without augmentation or backward pass; on 8,000 rows of 28x28
     * after a budgeted {@code cnn}, 20 us per row scored against 46 us per row trained.
     */
    static final double SCORE_SHARE = 0.5;
    /** Seconds left, besides the scoring, for saving the model and the process's exit. */
    static final double SAVE_SECONDS = 0.1;
    /**
     * The share of the loop's time run before the scoring is predicted: the first steps run before the JIT has
     * compiled the kernels, and would predict it several times too slow.
     */
    static final double PREDICT_AFTER = 0.2;

    private final double seconds, start, before;
    private final boolean whole;
    private final long firstStep, plannedSteps, rowsAfter;
    private final int rowsPerStep;
    private long scheduleStep;

    /**
     * A budget of the loop alone: it starts with the first step and ends with the last.
     *
     * @param seconds      the budget, > 0
     * @param start        the clock when the run's first step starts
     * @param firstStep    the schedule's step this run starts at (0, or where a resumed run goes on)
     * @param plannedSteps the steps of the whole planned schedule
     */
    Budget(double seconds, double start, long firstStep, long plannedSteps) {
        this(seconds, null, start, firstStep, plannedSteps, 1);
    }

    /**
     * A budget counted from {@code from}: the time before the loop is spent, and the loop leaves room for
     * scoring {@code from}'s rows (predicted from the loop's own speed, {@link #SCORE_SHARE}) and saving.
     *
     * @param from        where the budget began; null for a budget of the loop alone
     * @param start       the clock when the run's first step starts
     * @param rowsPerStep the rows of a training step (a batch; full batch: every row)
     */
    Budget(double seconds, BudgetStart from, double start, long firstStep, long plannedSteps, int rowsPerStep) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("seconds must be > 0, got " + seconds);
        }
        this.seconds = seconds;
        this.start = start;
        this.whole = from != null;
        this.before = whole ? Math.max(0, start - from.start()) : 0;
        this.rowsAfter = whole ? from.rowsScoredAfter() : 0;
        this.rowsPerStep = rowsPerStep;
        this.firstStep = firstStep;
        this.plannedSteps = plannedSteps;
    }

    /**
     * Called before step {@code step} with the clock's time {@code now}: false when the budget is
     * spent (the step is not to be taken); otherwise fixes {@link #scheduleStep} for this step. The
     * run's first step is always taken, at the schedule's start (a budget spent before the loop began
     * still gives a model of one step).
     */
    boolean allows(long step, double now) {
        if (step == firstStep) {
            scheduleStep = Math.min(step, plannedSteps - 1);
            return true;
        }
        double elapsed = now - start;
        double loop = seconds - before - after(step, elapsed);   // the loop's share of the budget
        double spent = loop > 0 ? elapsed / loop : 1;
        if (spent >= 1) {
            return false;
        }
        long byTime = firstStep + (long) Math.floor((plannedSteps - firstStep) * Math.max(0, Math.min(1, spent)));
        scheduleStep = Math.min(Math.max(step, byTime), plannedSteps - 1);
        return true;
    }

    /** The seconds predicted after the loop: nothing for a budget of the loop alone. */
    private double after(long step, double elapsed) {
        if (!whole) {
            return 0;
        }
        double rowSeconds = 0;
        if (rowsAfter > 0 && elapsed >= PREDICT_AFTER * (seconds - before)) {   // step > firstStep: see allows
            rowSeconds = elapsed / ((double) (step - firstStep) * rowsPerStep);
        }
        return SAVE_SECONDS + rowsAfter * SCORE_SHARE * rowSeconds;
    }

    /** The step of the planned schedule whose rate the current step uses. */
    long scheduleStep() {
        return scheduleStep;
    }
}
