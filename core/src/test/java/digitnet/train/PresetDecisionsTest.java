package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Init;
import digitnet.nn.LayerSpec;
import digitnet.train.PresetChoice.Setting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A preset's decisions as they read for the configuration that trains: the preset's own lines when the run
 * keeps its values, the run's values marked with what set them where it does not.
 */
class PresetDecisionsTest {
    static final PresetData SAMPLE = new PresetData(9000, 1000, 1, 28, 28, 10);

    /** The flag a setting would be given by on the command line, as the lines name it. */
    static String flag(Setting s) {
        return "--" + s.field();
    }

    static TrainConfig copy(TrainConfig c, List<Integer> hidden, List<LayerSpec> layers, double dropout, int epochs,
                            int batchSize, int iterations) {
        return new TrainConfig(hidden, c.init(), iterations, epochs, batchSize, c.learningRate(), c.every(), c.seed(),
                c.optimizer(), c.schedule(), dropout, c.augment(), c.patience(), c.maxSeconds(), layers);
    }

    static TrainConfig hiddenAndEpochs(TrainConfig c, List<Integer> hidden, int epochs) {
        return copy(c, hidden, List.of(), c.dropout(), epochs, c.batchSize(), c.iterations());
    }

    @Test
    void theChosenConfigurationReadsAsThePresetsOwnLines() {
        List<PresetData> shapes = List.of(SAMPLE, new PresetData(240, 60, 1, 8, 8, 3), new PresetData(500, 0, 1, 1, 50, 3),
                new PresetData(60_000, 100, 1, 7, 7, 10));
        for (Preset preset : Preset.values()) {
            for (PresetData data : shapes) {
                if (preset == Preset.CNN && data.side() < Preset.CNN_MIN_SIDE) {
                    continue;
                }
                PresetChoice c = preset.choose(data, 5);
                assertThat(c.decisions(c.config(), PresetDecisionsTest::flag)).as("%s on %s", preset, data)
                        .isEqualTo(c.decisions()).noneMatch(line -> line.contains("(--"));
                assertThat(c.plannedSteps(c.config())).isEqualTo(c.plannedSteps());
            }
        }
    }

    /** The case: --preset mlp --hidden 32 --epochs 2 printed a 512-256 network and 4,473 planned steps. */
    @Test
    void aNetworkAndEpochsGivenInsteadReadAsTheyTrain() {
        PresetChoice c = Preset.MLP.choose(SAMPLE, 1);
        TrainConfig run = hiddenAndEpochs(c.config(), List.of(32), 2);
        List<String> lines = c.decisions(run, PresetDecisionsTest::flag);
        assertThat(lines).containsExactly(
                "batch size: 128 (the power of two nearest 9,000 training rows / 64, within [32, 128]); learning rate 0.002000"
                        + " = 0.002000 x sqrt(128 / 128)",
                "steps: 142 in 2 epochs of 71 batches (--epochs)",
                "schedule: AdamW, weight decay 0.05, cosine to 0 after 2 warm-up epoch(s)",
                "augmentation: shift 4%, rotation 8 degrees, elastic alpha 0.600 sigma 0.12 (of the image size)",
                "early stopping: after 31 epochs without a better dev accuracy; best weights kept",
                "network: 784-32-10 perceptron, dropout 0.1 (--network)");
        assertThat(c.plannedSteps(run)).isEqualTo(142);
        assertThat(c.plannedSteps()).isEqualTo(4473);
    }

    @Test
    void eachValueGivenInsteadIsMarkedWhereItIsSaid() {
        PresetChoice c = Preset.CNN.choose(SAMPLE, 1);
        TrainConfig p = c.config();
        TrainConfig run = new TrainConfig(p.hidden(), Init.XAVIER, p.iterations(), 3, 16, 0.01, p.every(), p.seed(),
                new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, 0.8, 0.999, 0), new Schedule.StepDecay(1, 0.5), 0,
                null, 0, 30, List.of(LayerSpec.flatten(), LayerSpec.linear(10)));
        assertThat(PresetDecisions.changes(p, run)).containsExactlyInAnyOrder(Setting.NETWORK, Setting.INIT,
                Setting.BATCH_SIZE, Setting.EPOCHS, Setting.LEARNING_RATE, Setting.OPTIMIZER, Setting.BETA1,
                Setting.WEIGHT_DECAY, Setting.SCHEDULE, Setting.AUGMENT, Setting.PATIENCE, Setting.MAX_SECONDS);
        assertThat(c.decisions(run, PresetDecisionsTest::flag)).containsExactly(
                "batch size: 16 (--batchSize); learning rate 0.01 (--learningRate)",
                "steps: 1,689 in 3 epochs of 563 batches (--batchSize, --epochs)",
                "schedule: Adam, beta1 0.8, beta2 0.999 (--optimizer, --beta1), weight decay 0 (--weightDecay),"
                        + " step decay x0.5 every 1 epoch(s) (--schedule), fitted to a time budget of 30 s (--maxSeconds)",
                "augmentation: off (--augment)",
                "early stopping: off (--patience)",
                "network: flatten,linear:10 (--network), xavier init (--init)");
        assertThat(c.plannedSteps(run)).isEqualTo(3 * 563);
    }

    /** A batch size given alone leaves the preset's rate, which says which batch it was sized for. */
    @Test
    void aBatchSizeGivenAloneKeepsThePresetsRateAndSaysSo() {
        PresetChoice c = Preset.MLP.choose(SAMPLE, 1);
        TrainConfig run = copy(c.config(), c.config().hidden(), List.of(), 0.1, 63, 32, 500);
        assertThat(c.decisions(run, PresetDecisionsTest::flag)).startsWith(
                "batch size: 32 (--batchSize); learning rate 0.002000 = 0.002000 x sqrt(128 / 128), for the preset's batch size",
                "steps: 17,766 in 63 epochs of 282 batches (--batchSize)");
        TrainConfig fullBatch = copy(c.config(), c.config().hidden(), List.of(), 0.1, 63, 0, 40);
        assertThat(c.decisions(fullBatch, PresetDecisionsTest::flag)).contains(
                "steps: 40 full-batch iterations (--batchSize, --iterations)");
        assertThat(c.plannedSteps(fullBatch)).isEqualTo(40);
    }

    /** A value the run does not use (momentum with AdamW, epochs in full batch) is not a change. */
    @Test
    void onlyValuesTheRunUsesCount() {
        TrainConfig p = Preset.MLP.choose(SAMPLE, 1).config();
        TrainConfig momentum = new TrainConfig(p.hidden(), p.init(), p.iterations(), p.epochs(), p.batchSize(),
                p.learningRate(), p.every(), 99, new OptimizerConfig(OptimizerConfig.Kind.ADAMW, 0.5, 0.9, 0.999, 0.05),
                p.schedule(), p.dropout(), p.augment(), p.patience(), p.maxSeconds(), p.layers());
        assertThat(PresetDecisions.changes(p, momentum)).isEmpty();   // nor does the seed count
        TrainConfig notebook = TrainConfig.notebook(1);
        assertThat(PresetDecisions.changes(notebook, copy(notebook, List.of(10), List.of(), 0, 3, 0, 500))).isEmpty();
    }

    @Test
    void theNotebooksLineMarksWhatWasGivenInPlace() {
        PresetChoice c = Preset.SEED.choose(SAMPLE, 1);
        TrainConfig run = copy(c.config(), List.of(32), List.of(), 0, 10, 0, 2);
        assertThat(c.decisions(run, PresetDecisionsTest::flag)).containsExactly(
                "the notebook: 784-32-10 perceptron (--network), uniform init, full-batch SGD, 2 iterations (--iterations),"
                        + " learning rate 1");
        TrainConfig p = c.config();
        TrainConfig miniBatches = new TrainConfig(p.hidden(), p.init(), p.iterations(), 2, 100, p.learningRate(),
                p.every(), p.seed(), new OptimizerConfig(OptimizerConfig.Kind.MOMENTUM, 0.5, 0.9, 0.999, 0.01),
                new Schedule.Cosine(0.5), 0.2, PresetSizing.fitted(28, 28), 3, 0, List.of());
        assertThat(c.decisions(miniBatches, PresetDecisionsTest::flag)).containsExactly(
                "the notebook: 784-10-10 perceptron, dropout 0.2 (--dropout), uniform init,"
                        + " SGD with momentum 0.5 on mini-batches of 100 (--batchSize, --optimizer, --momentum),"
                        + " 2 epochs of 90 batches (--batchSize, --epochs), learning rate 1, weight decay 0.01 (--weightDecay),"
                        + " cosine to 0 after 0.5 warm-up epoch(s) (--schedule),"
                        + " augmentation: shift 4%, rotation 8 degrees, elastic alpha 0.600 sigma 0.12 (--augment),"
                        + " early stopping: after 3 epochs without a better dev accuracy; best weights kept (--patience)");
        assertThat(c.plannedSteps(miniBatches)).isEqualTo(180);
    }

    /** accurate's first line says which preset's values were used; with another network it no longer calls it the network. */
    @Test
    void accurateSaysWhoseSettingsTrainAnotherNetwork() {
        PresetChoice c = Preset.ACCURATE.choose(SAMPLE, 1);
        assertThat(c.decisions().get(0)).isEqualTo("network: cnn, since the images are 28x28 (cnn needs both sides >= 8)");
        List<String> lines = c.decisions(hiddenAndEpochs(c.config(), List.of(64), c.config().epochs()),
                PresetDecisionsTest::flag);
        assertThat(lines.get(0)).isEqualTo("settings: cnn's, since the images are 28x28 (cnn needs both sides >= 8)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("network: 784-64-10 perceptron (--network)");
    }

    /** A name the caller does not know still marks the value as not the preset's. */
    @Test
    void aChangeWithoutANameIsStillMarked() {
        PresetChoice c = Preset.MLP.choose(SAMPLE, 1);
        List<String> lines = new ArrayList<>(c.decisions(hiddenAndEpochs(c.config(), List.of(16), 63), s -> null));
        assertThat(lines).contains("network: 784-16-10 perceptron, dropout 0.1 (not the preset's)");
    }
}
