package digitnet.api;

import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Preset;
import digitnet.train.ProgressListener;
import digitnet.train.Schedule;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each setting the command line's {@code train} needed and {@link Settings} now holds changes the run:
 * a test here fails when the field is ignored on the way to the training loop.
 */
class SettingsFieldsTest {
    static Digits few;

    @BeforeAll
    static void readData() {
        few = Digitnet.sample().first(600);
    }

    /** A small perceptron on 500 rows (100 dev), mini-batches of 50, constant rate, seed 3. */
    static Settings small() {
        return Settings.quick().withNetwork(NetworkSpec.mlp(16)).withHeldOut(new HeldOutRows(100, 0)).withSteps(Steps.miniBatches(50, 2))
                .withSeed(3);
    }

    static float[] probabilities(Model m) {
        Predictions p = m.predict(few);
        float[] all = new float[few.count() * few.classes()];
        for (int i = 0; i < few.count(); i++) {
            for (int c = 0; c < few.classes(); c++) {
                all[i * few.classes() + c] = p.probability(i, c);
            }
        }
        return all;
    }

    @Test
    void momentumChangesTheWeightsAndZeroMomentumIsPlainSgd() {
        Settings momentum = small().withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.MOMENTUM, 0.05));
        float[] mu9 = probabilities(Digitnet.train(few, momentum.withOptimizer(momentum.optimizer().withMomentum(0.9))));
        float[] mu0 = probabilities(Digitnet.train(few, momentum.withOptimizer(momentum.optimizer().withMomentum(0))));
        float[] again = probabilities(Digitnet.train(few, momentum.withOptimizer(momentum.optimizer().withMomentum(0.9))));
        assertThat(mu9).isEqualTo(again);
        assertThat(mu9).isNotEqualTo(mu0);
        assertThat(momentum.withOptimizer(momentum.optimizer().withMomentum(0.5)).optimizer().momentum()).isEqualTo(0.5);
    }

    @Test
    void adamsBetasChangeTheWeights() {
        Settings adam = small().withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.ADAM, 0.002));
        float[] usual = probabilities(Digitnet.train(few, adam));
        float[] beta1 = probabilities(Digitnet.train(few, adam.withOptimizer(adam.optimizer().withBetas(0.5, 0.999))));
        float[] beta2 = probabilities(Digitnet.train(few, adam.withOptimizer(adam.optimizer().withBetas(0.9, 0.9))));
        assertThat(usual).isNotEqualTo(beta1).isNotEqualTo(beta2);
        assertThat(beta1).isNotEqualTo(beta2);
    }

    /** Full batch: an epoch is an iteration, so a decay every 4 epochs halves the rate at steps 4 and 8. */
    @Test
    void theStepScheduleDecaysAtTheStepItShould() {
        Settings sgd = small().withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.SGD, 0.4)).withSchedule(new Schedule.StepDecay(4, 0.5));
        assertThat(Digitnet.run(few, sgd.withSteps(Steps.fullBatch(4)), ProgressListener.NONE).lastLearningRate())
                .isCloseTo(0.4, within(1e-12));       // steps 0..3
        assertThat(Digitnet.run(few, sgd.withSteps(Steps.fullBatch(5)), ProgressListener.NONE).lastLearningRate())
                .isCloseTo(0.2, within(1e-12));       // step 4 is the first decayed one
        assertThat(Digitnet.run(few, sgd.withSteps(Steps.fullBatch(9)), ProgressListener.NONE).lastLearningRate())
                .isCloseTo(0.1, within(1e-12));       // step 8, the second
        assertThat(Digitnet.run(few, sgd.withSteps(Steps.fullBatch(9)).withSchedule(new Schedule.Constant()), ProgressListener.NONE).lastLearningRate())
                .isCloseTo(0.4, within(1e-12));
        assertThat(sgd.schedule()).isEqualTo(new Schedule.StepDecay(4, 0.5));
        assertThat(Digitnet.train(few, sgd).training()).containsEntry("schedule", "step(every 4.0 epochs, x0.5)");
    }

    @Test
    void theCosineScheduleAnnealsAndIsRecorded() {
        Settings cosine = small().withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.SGD, 0.4)).withSteps(Steps.fullBatch(10)).withSchedule(new Schedule.Cosine(0));
        assertThat(cosine.schedule()).isInstanceOf(Schedule.Cosine.class);
        TrainingRun r = Digitnet.run(few, cosine, ProgressListener.NONE);
        assertThat(r.lastLearningRate()).isLessThan(0.4 * 0.05);
        assertThat(r.model().training()).containsEntry("schedule", "cosine(warmup 0.0 epochs)");
    }

    /** Full batch reports every {@code progressEvery} iterations and at the last. */
    @Test
    void theProgressIntervalShowsInTheListenersCalls() {
        Settings fullBatch = small().withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.SGD, 0.4)).withSteps(Steps.fullBatch(20));
        assertThat(reportedIterations(fullBatch.withSteps(fullBatch.steps().withProgressEvery(5)))).containsExactly(0, 5, 10, 15, 19);
        assertThat(reportedIterations(fullBatch.withSteps(fullBatch.steps().withProgressEvery(10)))).containsExactly(0, 10, 19);
        assertThat(reportedIterations(fullBatch)).containsExactly(0, 10, 19);   // quick's interval is 10
    }

    static List<Integer> reportedIterations(Settings s) {
        List<Integer> iterations = new ArrayList<>();
        Digitnet.train(few, s, p -> iterations.add(p.iteration()));
        return iterations;
    }

    @Test
    void eachNewFieldOutOfRangeIsRefusedByItsName() {
        Settings s = small();
        assertRefused(() -> s.withOptimizer(s.optimizer().withMomentum(1)), "OptimizerSettings.momentum", "must be in [0, 1), got 1.0");
        assertRefused(() -> s.optimizer().withBetas(-0.1, 0.999), "OptimizerSettings.beta1", "must be in [0, 1), got -0.1");
        assertRefused(() -> s.optimizer().withBetas(0.9, 1.5), "OptimizerSettings.beta2", "must be in [0, 1), got 1.5");
        assertRefused(() -> OptimizerSettings.sgd(-1), "OptimizerSettings.learningRate", "must be a positive number, got -1.0");
        assertRefused(() -> s.optimizer().withWeightDecay(-1), "OptimizerSettings.weightDecay", "must be >= 0, got -1.0");
        assertRefused(() -> new Schedule.StepDecay(0, 0.5), "Schedule.StepDecay.everyEpochs", "must be a positive number of epochs, got 0.0");
        assertRefused(() -> new Schedule.StepDecay(1, 1.5), "Schedule.StepDecay.factor", "must be in (0, 1], got 1.5");
        assertRefused(() -> new Schedule.Cosine(-1), "Schedule.Cosine.warmupEpochs", "must be >= 0 epochs, got -1.0");
        assertRefused(() -> s.steps().withProgressEvery(0), "Steps.progressEvery", "must be >= 1, got 0");
        assertRefused(() -> Steps.miniBatches(0, 3), "Steps.batchSize", "must be >= 1, got 0");
        assertRefused(() -> new Steps(0, -1, 5, 1), "Steps.epochs", "must be >= 0, got -1");
        assertRefused(() -> new Stopping(-1, 0), "Stopping.patience", "must be >= 0, got -1");
        assertRefused(() -> new Stopping(0, Double.NaN), "Stopping.maxSeconds", "must be >= 0, got NaN");
        assertRefused(() -> new HeldOutRows(0, -2), "HeldOutRows.testRows", "must be >= 0, got -2");
        assertRefused(() -> NetworkSpec.mlp(8).withDropout(1), "NetworkSpec.dropout", "must be in [0, 1), got 1.0");
        assertRefused(() -> s.withSchedule(null), "Settings.schedule", "must be given, got null");
    }

    static void assertRefused(Runnable make, String setting, String problem) {
        assertThatThrownBy(make::run).isInstanceOfSatisfying(InvalidSettingException.class, e -> {
            assertThat(e.setting()).isEqualTo(setting);
            assertThat(e.problem()).isEqualTo(problem);
        });
    }

    /**
     * A preset records what it decided and which preset decided it, as the command line's does, for the values
     * that train: each one a with... method changed is given as it trains, named by its field.
     */
    @Test
    void aPresetsRecordReachesTheModelFile() {
        Settings mlp = Digitnet.preset(Preset.MLP, few, new HeldOutRows(100, 0));
        assertThat(mlp.preset().used()).isEqualTo(Preset.MLP);
        assertThat(mlp.preset().plannedSteps()).isEqualTo(3008);   // 500 rows: 188 epochs of 16 batches of 32
        assertThat(mlp.optimizer().momentum()).isEqualTo(0.9);
        assertThat(mlp.optimizer().beta2()).isEqualTo(0.999);
        Settings shortRun = mlp.withSteps(Steps.miniBatches(100, 1))
                .withNetwork(((NetworkSpec.Mlp) mlp.network()).withDropout(0)).withAugment(false);
        List<String> ran = new ArrayList<>(mlp.preset().lines());
        ran.set(0, "batch size: 100 (Steps.batchSize); learning rate 0.001000 = 0.002000 x sqrt(32 / 128),"
                + " for the preset's batch size");
        ran.set(1, "steps: 5 in 1 epochs of 5 batches (Steps.batchSize, Steps.epochs)");
        ran.set(3, "augmentation: off (Settings.augment)");
        ran.set(5, "network: 784-512-256-10 perceptron, no dropout (NetworkSpec.dropout)");
        assertThat(Digitnet.train(few, shortRun).training())
                .containsEntry("preset", "mlp").containsEntry("preset_used", "mlp")
                .containsEntry("preset_planned_steps", 5L)
                .containsEntry("preset_decisions", ran);
        // a time budget squeezes the planned steps without changing them
        Map<String, Object> budget = Digitnet.train(few, mlp.withStopping(new Stopping(0, 0.5))).training();
        assertThat(budget).containsEntry("preset_planned_steps", mlp.preset().plannedSteps());
        assertThat(budget.get("preset_decisions")).asInstanceOf(InstanceOfAssertFactories.LIST).contains(
                "schedule: AdamW, weight decay 0.05, cosine to 0 after 6 warm-up epoch(s), fitted to a time budget of"
                        + " 0.5 s (Stopping.maxSeconds)", "early stopping: off (Stopping.patience)");
        assertThat(Digitnet.train(few, small()).training()).doesNotContainKey("preset_used");
    }
}
