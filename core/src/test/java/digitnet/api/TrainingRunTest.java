package digitnet.api;

import digitnet.train.BudgetStart;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Progress;
import digitnet.train.ProgressListener;
import digitnet.train.Schedule;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.StopReason;
import digitnet.train.Stopping;
import static org.assertj.core.api.Assertions.assertThat;

import digitnet.eval.Evaluation;
import digitnet.testing.BudgetEnd;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Digitnet#run}: the run's record holds what the command line's summary prints, and agrees with the model. */
class TrainingRunTest {
    static Digits few;

    @BeforeAll
    static void readData() {
        few = Digitnet.sample().first(700);
    }

    static Settings small() {
        return Settings.quick().withNetwork(NetworkSpec.mlp(16)).withHeldOut(new HeldOutRows(100, 50)).withSteps(Steps.miniBatches(50, 3))
                .withSeed(5);
    }

    @Test
    void aCompletedRunSaysItsStepsEpochsHistoryAndSplits() {
        TrainingRun r = Digitnet.run(few, small(), ProgressListener.NONE);
        assertThat(r.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(r.stopReason().id()).isEqualTo("completed");
        assertThat(r.steps()).isEqualTo(3 * (550 / 50));
        assertThat(r.epochs()).isEqualTo(3);
        assertThat(r.bestEpoch()).isEqualTo(-1);
        assertThat(r.trainSeconds()).isPositive();
        assertThat(r.lastLearningRate()).isEqualTo(0.002);
        assertThat(r.history()).extracting(Progress::epoch).containsExactly(1, 2, 3);
        assertThat(r.history()).isEqualTo(r.model().history());
        assertThat(r.trainRows().count()).isEqualTo(550);
        assertThat(r.devRows().count()).isEqualTo(100);
        assertThat(r.testRows().count()).isEqualTo(50);
    }

    @Test
    void theScoresAreThoseOfTheModelOnEachSplitAndInItsMetrics() {
        TrainingRun r = Digitnet.run(few, small(), ProgressListener.NONE);
        assertScore(r.train(), r.model().evaluate(r.trainRows()));
        assertScore(r.dev(), r.model().evaluate(r.devRows()));
        assertScore(r.test(), r.model().evaluate(r.testRows()));
        assertThat(r.model().metrics()).containsEntry("dev_accuracy", r.dev().accuracy())
                .containsEntry("test_loss", r.test().loss()).containsEntry("train_accuracy", r.train().accuracy());
        assertThat(r.model().devRows(few).orElseThrow().image(0)).isEqualTo(r.devRows().image(0));
    }

    static void assertScore(Score s, Evaluation e) {
        assertThat(s.accuracy()).isEqualTo(e.accuracy());
        assertThat(s.loss()).isEqualTo(e.loss());
    }

    @Test
    void withoutHeldOutRowsThereAreNoDevAndTestScores() {
        TrainingRun r = Digitnet.run(few, small().withHeldOut(new HeldOutRows(0, 0)), ProgressListener.NONE);
        assertThat(r.dev()).isNull();
        assertThat(r.test()).isNull();
        assertThat(r.devRows().count()).isZero();
        assertThat(r.model().metrics()).containsOnlyKeys("train_accuracy", "train_loss");
    }

    /** Patience 1 with a rate too small to change a prediction: early stopping ends the run after epoch 2, keeping epoch 1. */
    @Test
    void patienceStopsTheRunAndSaysWhichEpochItKept() {
        Settings unstable = small().withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.SGD, 1e-12)).withSteps(Steps.miniBatches(50, 40)).withStopping(new Stopping(1, 0));
        TrainingRun r = Digitnet.run(few, unstable, ProgressListener.NONE);
        assertThat(r.stopReason()).isEqualTo(StopReason.PATIENCE);
        assertThat(r.epochs()).isEqualTo(2);
        assertThat(r.bestEpoch()).isEqualTo(1);
        assertThat(r.dev().accuracy()).isEqualTo(r.history().get(r.bestEpoch() - 1).devAccuracy());
    }

    /**
     * A budget too short for the epochs asked: the run ends annealed, a normal end, once its budget is
     * spent, with the cosine at least as far on as the clock had got before its last step
     * ({@link BudgetEnd}); a schedule that reached only part of its steps by the end would fail, and so
     * would a run that stopped before its budget.
     */
    @Test
    void aTimeBudgetEndsTheRunAnnealed() {
        Settings endless = small().withSteps(Steps.miniBatches(10, 1_000_000)).withSchedule(new Schedule.Cosine(0)).withStopping(new Stopping(0, 0.3));
        TrainingRun r = Digitnet.run(few, endless, ProgressListener.NONE);
        assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(r.epochs()).isLessThan(1_000_000);
        long perEpoch = 550 / 10;                        // 550 training rows in batches of 10
        // spent: a run cut mid-epoch reads its time after the check that found the budget spent; one
        // that ran out as an epoch began (1 in 55) keeps the time of its last report, read just before
        if (r.steps() % perEpoch != 0) {
            assertThat(r.trainSeconds()).as("seconds at a cut mid-epoch").isGreaterThanOrEqualTo(0.3 - 1e-9);
        }

        List<Progress> h = r.history();
        double before = h.size() < 2 ? 0 : h.get(h.size() - 2).seconds();
        double ceiling = BudgetEnd.cosineCeiling(endless.optimizer().learningRate(), 1_000_000L * perEpoch, 0, before, 0.3);
        assertThat(r.lastLearningRate()).as("the last rate, %.3f s of the 0.3 s budget spent before its step", before)
                .isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(ceiling);
    }

    /**
     * Counted from a {@link BudgetStart}, the budget is the whole run: the time before the loop is spent and the
     * loop leaves at least the 0.1 s of saving, and room to score every row, inside the budget.
     */
    @Test
    void aBudgetCountedFromAStartEndsTheLoopEarlyEnoughForWhatFollows() {
        Settings endless = small().withSteps(Steps.miniBatches(10, 1_000_000)).withSchedule(new Schedule.Cosine(0)).withStopping(new Stopping(0, 0.5));
        BudgetStart from = BudgetStart.now();
        TrainingRun r = Digitnet.run(few, endless, ProgressListener.NONE, from);
        assertThat(r.stopReason()).isEqualTo(StopReason.BUDGET);
        assertThat(r.steps()).isPositive();
        assertThat(r.trainSeconds()).as("the loop's share of the 0.5 s, less 0.1 s for saving").isLessThan(0.4);
        assertThat(r.train().accuracy()).as("the scoring after the loop ran").isBetween(0.0, 1.0);
    }
}
