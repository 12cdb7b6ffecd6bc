package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Init;
import digitnet.nn.LayerSpec;
import digitnet.train.PresetDecisions.Setting;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A preset's decisions as they read for the settings that train: the preset's own lines when the run
 * keeps its values, the run's values marked with what set them where it does not.
 */
class PresetLinesTest {
    static final PresetData SAMPLE = new PresetData(9000, 1000, 0, 1, 28, 28, 10);

    /** The flag a setting would be given by on the command line, as the lines name it. */
    static String flag(Setting s) {
        String[] words = s.name().toLowerCase(java.util.Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder("--").append(words[0]);
        for (int i = 1; i < words.length; i++) {
            b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return b.toString();
    }

    /** {@code c} with a perceptron of {@code hidden} and {@code dropout} (or a layer list) and other steps. */
    static Settings copy(Settings c, List<Integer> hidden, List<LayerSpec> layers, double dropout, int epochs,
                         int batchSize, int iterations) {
        NetworkSpec network = layers.isEmpty() ? new NetworkSpec.Mlp(hidden, dropout) : new NetworkSpec.Layers(layers);
        return c.withNetwork(network).withSteps(new Steps(batchSize, epochs, iterations, c.steps().progressEvery()));
    }

    static Settings hiddenAndEpochs(Settings c, List<Integer> hidden, int epochs) {
        return copy(c, hidden, List.of(), c.network().dropout(), epochs, c.steps().batchSize(), c.steps().iterations());
    }

    static List<Integer> hidden(Settings c) {
        return ((NetworkSpec.Mlp) c.network()).hidden();
    }

    /** What {@code preset} decided on the sample's facts, as it reads for {@code run}. */
    static PresetDecisions decisions(Preset preset, Settings run) {
        return preset.decisions(SAMPLE, run, PresetLinesTest::flag, 0);
    }

    @Test
    void theChosenConfigurationReadsAsThePresetsOwnLines() {
        List<PresetData> shapes = List.of(SAMPLE, new PresetData(240, 60, 0, 1, 8, 8, 3), new PresetData(500, 0, 0, 1, 1, 50, 3),
                new PresetData(60_000, 100, 0, 1, 7, 7, 10));
        for (Preset preset : Preset.values()) {
            for (PresetData data : shapes) {
                if (preset == Preset.CNN && data.side() < Preset.CNN_MIN_SIDE) {
                    continue;
                }
                Settings c = preset.settings(data, 5);
                PresetDecisions again = preset.decisions(data, c, PresetLinesTest::flag, 0);
                assertThat(again.lines()).as("%s on %s", preset, data)
                        .isEqualTo(c.preset().lines()).noneMatch(line -> line.contains("(--"));
                assertThat(again).isEqualTo(c.preset());
            }
        }
    }

    /** The case: --preset mlp --hidden 32 --epochs 2 printed a 512-256 network and 4,473 planned steps. */
    @Test
    void aNetworkAndEpochsGivenInsteadReadAsTheyTrain() {
        Settings c = Preset.MLP.settings(SAMPLE, 1);
        Settings run = hiddenAndEpochs(c, List.of(32), 2);
        List<String> lines = decisions(Preset.MLP, run).lines();
        assertThat(lines).containsExactly(
                "batch size: 128 (the power of two nearest 9,000 training rows / 64, within [32, 128]); learning rate 0.002000"
                        + " = 0.002000 x sqrt(128 / 128)",
                "steps: 142 in 2 epochs of 71 batches (--epochs)",
                "schedule: AdamW, weight decay 0.05, cosine to 0 after 2 warm-up epoch(s)",
                "augmentation: shift 4%, rotation 8 degrees, elastic alpha 0.600 sigma 0.12 (of the image size), for the"
                        + " first 50% of the steps; the rest train on the images as they are",
                "early stopping: after 31 epochs without a better dev accuracy; best weights kept",
                "network: 784-32-10 perceptron, dropout 0.1 (--network)");
        // every step augmenting instead of the preset's first half reads as set by the flag
        assertThat(decisions(Preset.MLP, run.withAugmentFor(1)).lines()).contains(
                "augmentation: shift 4%, rotation 8 degrees, elastic alpha 0.600 sigma 0.12 (--augmentFor)");
        assertThat(decisions(Preset.MLP, run.withAugmentFor(0.25)).lines()).contains(
                "augmentation: shift 4%, rotation 8 degrees, elastic alpha 0.600 sigma 0.12, for the first 25% of the steps"
                        + " (--augmentFor)");
        assertThat(decisions(Preset.MLP, run).plannedSteps()).isEqualTo(142);
        assertThat(c.preset().plannedSteps()).isEqualTo(4473);
    }

    @Test
    void eachValueGivenInsteadIsMarkedWhereItIsSaid() {
        Settings p = Preset.CNN.settings(SAMPLE, 1);
        Settings run = new Settings(new NetworkSpec.Layers(List.of(LayerSpec.flatten(), LayerSpec.linear(10))), Init.XAVIER,
                new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.01, 0.9, 0.8, 0.999, 0), new Schedule.StepDecay(1, 0.5),
                new Steps(16, 3, p.steps().iterations(), p.steps().progressEvery()), false, new Stopping(0, 30),
                p.heldOut(), p.seed(), null);
        assertThat(PresetLines.changes(p, run)).containsExactlyInAnyOrder(Setting.NETWORK, Setting.INIT,
                Setting.BATCH_SIZE, Setting.EPOCHS, Setting.LEARNING_RATE, Setting.OPTIMIZER, Setting.BETA1,
                Setting.WEIGHT_DECAY, Setting.SCHEDULE, Setting.AUGMENT, Setting.PATIENCE, Setting.MAX_SECONDS);
        assertThat(decisions(Preset.CNN, run).lines()).containsExactly(
                "batch size: 16 (--batchSize); learning rate 0.01 (--learningRate)",
                "steps: 1,689 in 3 epochs of 563 batches (--batchSize, --epochs)",
                "schedule: Adam, beta1 0.8, beta2 0.999 (--optimizer, --beta1), weight decay 0 (--weightDecay),"
                        + " step decay x0.5 every 1 epoch(s) (--schedule), fitted to a time budget of 30 s (--maxSeconds)",
                "augmentation: off (--augment)",
                "early stopping: off (--patience)",
                "network: flatten,linear:10 (--network), xavier init (--init)");
        assertThat(decisions(Preset.CNN, run).plannedSteps()).isEqualTo(3 * 563);
    }

    /** A batch size given alone leaves the preset's rate, which says which batch it was sized for. */
    @Test
    void aBatchSizeGivenAloneKeepsThePresetsRateAndSaysSo() {
        Settings c = Preset.MLP.settings(SAMPLE, 1);
        Settings run = copy(c, hidden(c), List.of(), 0.1, 63, 32, 500);
        assertThat(decisions(Preset.MLP, run).lines()).startsWith(
                "batch size: 32 (--batchSize); learning rate 0.002000 = 0.002000 x sqrt(128 / 128), for the preset's batch size",
                "steps: 17,766 in 63 epochs of 282 batches (--batchSize)");
        Settings fullBatch = copy(c, hidden(c), List.of(), 0.1, 63, 0, 40);
        assertThat(decisions(Preset.MLP, fullBatch).lines()).contains(
                "steps: 40 full-batch iterations (--batchSize, --iterations)");
        assertThat(decisions(Preset.MLP, fullBatch).plannedSteps()).isEqualTo(40);
    }

    /** A value the run does not use (momentum with AdamW, epochs in full batch) is not a change. */
    @Test
    void onlyValuesTheRunUsesCount() {
        Settings p = Preset.MLP.settings(SAMPLE, 1);
        Settings momentum = p.withOptimizer(p.optimizer().withMomentum(0.5)).withSeed(99);
        assertThat(PresetLines.changes(p, momentum)).isEmpty();   // nor does the seed count
        Settings notebook = Settings.notebook();
        assertThat(PresetLines.changes(notebook, copy(notebook, List.of(10), List.of(), 0, 3, 0, 500))).isEmpty();
    }

    @Test
    void theNotebooksLineMarksWhatWasGivenInPlace() {
        Settings p = Preset.SEED.settings(SAMPLE, 1);
        Settings run = copy(p, List.of(32), List.of(), 0, 10, 0, 2);
        assertThat(decisions(Preset.SEED, run).lines()).containsExactly(
                "the notebook: 784-32-10 perceptron (--network), uniform init, full-batch SGD, 2 iterations (--iterations),"
                        + " learning rate 1");
        Settings miniBatches = new Settings(new NetworkSpec.Mlp(hidden(p), 0.2), p.init(),
                new OptimizerSettings(OptimizerSettings.Kind.MOMENTUM, p.optimizer().learningRate(), 0.5, 0.9, 0.999, 0.01),
                new Schedule.Cosine(0.5), new Steps(100, 2, p.steps().iterations(), p.steps().progressEvery()), true,
                new Stopping(3, 0), p.heldOut(), p.seed(), null);
        assertThat(decisions(Preset.SEED, miniBatches).lines()).containsExactly(
                "the notebook: 784-10-10 perceptron, dropout 0.2 (--dropout), uniform init,"
                        + " SGD with momentum 0.5 on mini-batches of 100 (--batchSize, --optimizer, --momentum),"
                        + " 2 epochs of 90 batches (--batchSize, --epochs), learning rate 1, weight decay 0.01 (--weightDecay),"
                        + " cosine to 0 after 0.5 warm-up epoch(s) (--schedule),"
                        + " augmentation: shift 4%, rotation 8 degrees, elastic alpha 0.600 sigma 0.12 (--augment),"
                        + " early stopping: after 3 epochs without a better dev accuracy; best weights kept (--patience)");
        assertThat(decisions(Preset.SEED, miniBatches).plannedSteps()).isEqualTo(180);
    }

    /** accurate's first line says which preset's values were used; with another network it no longer calls it the network. */
    @Test
    void accurateSaysWhoseSettingsTrainAnotherNetwork() {
        Settings c = Preset.ACCURATE.settings(SAMPLE, 1);
        assertThat(c.preset().lines().get(0)).isEqualTo("network: cnn, since the images are 28x28 (cnn needs both sides >= 8)");
        List<String> lines = decisions(Preset.ACCURATE, hiddenAndEpochs(c, List.of(64), c.steps().epochs())).lines();
        assertThat(lines.get(0)).isEqualTo("settings: cnn's, since the images are 28x28 (cnn needs both sides >= 8)");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("network: 784-64-10 perceptron (--network)");
    }

    /** A name the caller does not know still marks the value as not the preset's. */
    @Test
    void aChangeWithoutANameIsStillMarked() {
        Settings c = Preset.MLP.settings(SAMPLE, 1);
        List<String> lines = new ArrayList<>(Preset.MLP.decisions(SAMPLE, hiddenAndEpochs(c, List.of(16), 63), s -> null, 0).lines());
        assertThat(lines).contains("network: 784-16-10 perceptron, dropout 0.1 (not the preset's)");
    }
}
