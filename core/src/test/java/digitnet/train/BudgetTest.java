package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Split;
import digitnet.nn.Init;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code maxSeconds} as a budget the schedule is fitted to, on a fake clock: each step "takes" one
 * second (the listener moves the clock on after every batch), so where the budget ends is known
 * exactly and the test holds no timing threshold.
 */
class BudgetTest {
    /** TrainerTest's problem: 200 training rows in batches of 20 = 10 steps an epoch. */
    static final Split DATA = Split.of(TrainerTest.blobs(21), 100, 22);

    /** A run with a listener that adds one second per step and records the learning rate of each step. */
    record Clocked(TrainResult result, List<Double> rates) {
        static Clocked run(Settings c) {
            return run(c, null);
        }

        /** As {@link #run(Settings)}, the budget counted from {@code from} (the loop starts at 0 s). */
        static Clocked run(Settings c, BudgetStart from) {
            double[] now = {0};
            List<Double> rates = new ArrayList<>();
            Optimizer optimizer = c.optimizer().create();
            ProgressListener oneSecondAStep = new ProgressListener() {
                @Override
                public void onProgress(Progress progress) {
                }

                @Override
                public void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {
                    rates.add(optimizer.learningRate());
                    now[0] += 1;
                }
            };
            TrainResult r = new Trainer(c, optimizer, oneSecondAStep, () -> now[0], from)
                    .train(TrainerTest.fresh(c, DATA.train()), DATA.train(), DATA.dev());
            return new Clocked(r, rates);
        }
    }

    @Test
    void theCosineIsSqueezedIntoTheBudgetAndEndsAnnealedWithinABatchOfIt() {
        // 10 epochs of 10 steps planned (warm-up 1 epoch), 30 seconds at 1 s a step: 30 steps fit
        Clocked run = Clocked.run(TrainerTest.config(10, 0, 30, new Schedule.Cosine(1)));
        TrainResult r = run.result();
        assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(r.iterations()).isEqualTo(30);
        assertThat(r.trainSeconds()).isEqualTo(30.0);
        double peak = 0.01;
        // the warm-up is the first tenth of the budget, as it is the first tenth of the epochs
        assertThat(run.rates().subList(0, 3)).allMatch(rate -> rate < peak);
        assertThat(run.rates().get(3)).isLessThanOrEqualTo(peak).isGreaterThan(0.99 * peak);
        for (int i = 4; i < 30; i++) {
            assertThat(run.rates().get(i)).as("step %d", i).isLessThan(run.rates().get(i - 1));
        }
        // step 29 runs at the planned schedule's step floor(100 * 29 / 30) = 96 of 100
        double annealed = peak * 0.5 * (1 + Math.cos(Math.PI * (96 - 10) / 90.0));
        assertThat(r.lastLearningRate()).isCloseTo(annealed, within(1e-15)).isLessThan(0.01 * peak);
        assertThat(run.rates().get(29)).isEqualTo(r.lastLearningRate());
    }

    @Test
    void aBudgetCutMidEpochCountsThatEpochAndReportsIt() {
        Clocked run = Clocked.run(TrainerTest.config(10, 0, 25, new Schedule.Cosine(1)));
        TrainResult r = run.result();
        assertThat(r.iterations()).isEqualTo(25);
        assertThat(r.epochsDone()).isEqualTo(3);
        assertThat(r.history()).extracting(Progress::epoch).containsExactly(1, 2, 3);
        assertThat(r.history().get(2).iteration()).isEqualTo(25);
        assertThat(r.history().get(2).devAccuracy()).isNotNaN();
    }

    @Test
    void aBudgetTheEpochsFitInChangesNothing() {
        // 1 s a step, 50 steps planned, a budget of 1000 s: the run completes on the schedule of its epochs
        Settings budget = TrainerTest.config(5, 0, 1000, new Schedule.Cosine(1));
        Settings none = TrainerTest.config(5, 0, 0, new Schedule.Cosine(1));
        Clocked a = Clocked.run(budget), b = Clocked.run(none);
        assertThat(a.result().stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(a.rates()).isEqualTo(b.rates());
        assertThat(a.result().history()).isEqualTo(b.result().history());
    }

    @Test
    void earlyStoppingStillStopsARunWithABudget() {
        Clocked run = Clocked.run(TrainerTest.config(200, 2, 1000, new Schedule.Constant()));
        assertThat(run.result().stopReason()).isEqualTo(StopReason.PATIENCE);
        assertThat(run.result().epochsDone()).isEqualTo(run.result().bestEpoch() + 2);
    }

    @Test
    void stepDecayPointsComeAtTheSameFractionsOfTheBudget() {
        // decays after 5 of 10 planned epochs: after half of a 20-step budget
        Clocked run = Clocked.run(TrainerTest.config(10, 0, 20, new Schedule.StepDecay(5, 0.1)));
        assertThat(run.rates().subList(0, 10)).containsOnly(0.01);
        assertThat(run.rates().subList(10, 20)).allMatch(rate -> Math.abs(rate - 0.001) < 1e-12);
    }

    @Test
    void aFullBatchRunEndsWithARecordOfItsLastIteration() {
        // full batch: 500 iterations, a report after iterations 0, 10, 20, ...; the clock moves one second
        // at every reading: 0 at the start, 1 before iteration 0, 2 at its report, 3..12 before iterations
        // 1..10, 13 at a report, 14..23 before 11..20, 24 at a report, 25 and 26 before 21 and 22, and 27
        // before iteration 23 spends the 27 s budget: 23 iterations, the last two after the last report
        Settings c = new Settings(new NetworkSpec.Mlp(List.of(8), 0), Init.HE, OptimizerSettings.sgd(0.1), new Schedule.Cosine(0), new Steps(0, 0, 500, 10), false, new Stopping(0, 27), new HeldOutRows(0, 0), 3, null);
        double[] now = {0};
        TrainResult r = new Trainer(c, c.optimizer().create(), ProgressListener.NONE, () -> now[0]++)
                .train(TrainerTest.fresh(c, DATA.train()), DATA.train(), DATA.dev());
        assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(r.iterations()).isEqualTo(23);
        assertThat(r.history().get(r.history().size() - 1).iteration()).isEqualTo(r.iterations() - 1);
        // iteration 22 started at 26 s of 27: the planned schedule's step floor(500 * 26 / 27) = 481 of 500
        assertThat(r.lastLearningRate()).isCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI * 481 / 500)), within(1e-15));
    }

    /**
     * Whatever the budget, the schedule is used up: at 1 s a step with 100 steps planned (warm-up 10),
     * a budget of B seconds takes B steps and the last runs at the planned step floor(100 (B - 1) / B),
     * the end of the schedule but for the one step's share of the budget. A budget that stopped the
     * run, or the schedule, part of the way would leave the rate higher.
     */
    @ParameterizedTest
    @ValueSource(ints = {7, 13, 30, 64, 99})
    void theLastStepRunsAtTheEndOfTheScheduleWhateverTheBudget(int seconds) {
        Clocked run = Clocked.run(TrainerTest.config(10, 0, seconds, new Schedule.Cosine(1)));
        assertThat(run.result().stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(run.result().iterations()).isEqualTo(seconds);
        long last = 100L * (seconds - 1) / seconds;
        double peak = 0.01, end = peak * 0.5 * (1 + Math.cos(Math.PI * (last - 10) / 90.0));
        assertThat(run.result().lastLearningRate()).isCloseTo(end, within(1e-15));
        assertThat(run.rates().get(seconds - 1)).isEqualTo(run.result().lastLearningRate());
    }

    @Test
    void aResumedRunFitsTheRestOfTheScheduleIntoItsOwnBudget() {
        Budget fresh = new Budget(10, 0, 0, 100);
        assertThat(fresh.allows(0, 0)).isTrue();
        assertThat(fresh.scheduleStep()).isZero();
        assertThat(fresh.allows(7, 5)).isTrue();
        assertThat(fresh.scheduleStep()).isEqualTo(50);
        assertThat(fresh.allows(60, 5)).isTrue();
        assertThat(fresh.scheduleStep()).as("ahead of the clock: the steps lead").isEqualTo(60);
        assertThat(fresh.allows(61, 10)).isFalse();

        Budget resumed = new Budget(10, 100, 40, 100);   // 60 steps remain, 10 s to do them in
        assertThat(resumed.allows(40, 100)).isTrue();
        assertThat(resumed.scheduleStep()).isEqualTo(40);
        assertThat(resumed.allows(41, 105)).isTrue();
        assertThat(resumed.scheduleStep()).isEqualTo(70);
        assertThat(resumed.allows(42, 109.99)).isTrue();
        assertThat(resumed.scheduleStep()).isEqualTo(99);
    }

    /**
     * Counted from a {@link BudgetStart} 5 s before the loop, with 20 rows to score after it: at 1 s a step of 10
     * rows (0.1 s a row trained), the scoring is predicted at half that per row once a fifth of the loop's 25 s
     * has run: 20 x 0.05 = 1 s, and 0.1 s to save. The loop's share of the 30 s is then 23.9 s: 24 steps.
     */
    @Test
    void aBudgetFromBeforeTheLoopSpendsThatTimeAndLeavesRoomForTheScoringAfterIt() {
        Budget b = new Budget(30, new BudgetStart(0, 20), 5, 0, 100, 10);
        assertThat(b.allows(0, 5)).isTrue();
        assertThat(b.allows(4, 9)).isTrue();
        assertThat(b.scheduleStep()).as("4 s of 30 - 5 - 0.1: before the scoring is predicted").isEqualTo(16);
        assertThat(b.allows(5, 10)).isTrue();
        assertThat(b.scheduleStep()).as("5 s of 30 - 5 - 1.1").isEqualTo(20);
        assertThat(b.allows(23, 28)).isTrue();
        assertThat(b.scheduleStep()).isEqualTo(96);
        assertThat(b.allows(24, 29)).as("24 s of the loop's 23.9").isFalse();

        Budget spent = new Budget(3, new BudgetStart(0, 0), 5, 0, 100, 10);   // reading took longer than the budget
        assertThat(spent.allows(0, 5)).as("the first step is always taken").isTrue();
        assertThat(spent.scheduleStep()).isZero();
        assertThat(spent.allows(1, 6)).isFalse();
    }

    /** The same rule through the trainer: 200 rows in batches of 20 at 1 s a step, 40 rows to score, 5 s spent before. */
    @Test
    void theTrainerEndsTheLoopEarlierByTheTimeBeforeItAndTheScoringAfterIt() {
        Settings c = TrainerTest.config(10, 0, 30, new Schedule.Cosine(1));
        Clocked loopAlone = Clocked.run(c), whole = Clocked.run(c, new BudgetStart(-5, 40));
        assertThat(loopAlone.result().iterations()).isEqualTo(30);
        // 0.05 s a row trained, 40 x 0.025 = 1 s of scoring and 0.1 s of saving: 30 - 5 - 1.1 = 23.9 s, 24 steps
        assertThat(whole.result().iterations()).isEqualTo(24);
        assertThat(whole.result().stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(whole.result().lastLearningRate()).as("annealed at the loop's own end").isLessThan(0.01 * 0.01);
    }
}
