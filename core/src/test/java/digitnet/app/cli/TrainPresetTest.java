package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.model.ModelFile;
import digitnet.train.Preset;
import digitnet.train.PresetData;
import digitnet.train.Settings;
import digitnet.train.TrainingRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --preset end to end: what the preset decided is printed at the start and recorded in the model file,
 * as it reads for the values that train (each option given instead of the preset's value marked with its flag).
 */
class TrainPresetTest {
    @TempDir Path dir;

    /** 300 rows of height x width images, 3 classes: the class inks a row, a column or the diagonal, with noise. */
    Path csv(int height, int width) throws Exception {
        StringBuilder b = new StringBuilder("label");
        for (int j = 0; j < height * width; j++) {
            b.append(",pixel").append(j);
        }
        b.append('\n');
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 300; i++) {
            int label = i % 3;
            b.append(label);
            for (int j = 0; j < height * width; j++) {
                int row = j / width, col = j % width;
                boolean ink = label == 0 ? row == height / 2 : label == 1 ? col == width / 2 : row == col % height;
                b.append(',').append((ink ? 180 : 0) + r.nextInt(60));
            }
            b.append('\n');
        }
        Path p = dir.resolve("data.csv");
        Files.writeString(p, b);
        return p;
    }

    Cli.Result run(String... args) {
        return Cli.run(args);
    }

    @Test
    void accurateOnEightByEightTrainsTheCnnAndRecordsWhy() throws Exception {
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = run("train", "--data", csv(8, 8).toString(), "--classes", "3", "--dev", "60", "--preset", "accurate",
                "--epochs", "2", "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("preset accurate (cnn):", "network: cnn, since the images are 8x8",
                "augmentation: off, the images' shorter side 8 is under 12 pixels",
                "steps: 16 in 2 epochs of 8 batches (--epochs)");   // not the preset's 3,000 in 375 epochs
        TrainingRecord record = ModelFile.load(model).info().training();
        Settings saved = record.settings();
        assertThat(saved.preset().asked()).isEqualTo(Preset.ACCURATE);
        assertThat(saved.preset().used()).isEqualTo(Preset.CNN);
        assertThat(saved.preset().plannedSteps()).isEqualTo(16L);
        assertThat(saved.preset().lines()).isEqualTo(printedDecisions(r.out()))
                .contains("augmentation: off, the images' shorter side 8 is under 12 pixels");
        assertThat(saved.steps().epochs()).isEqualTo(2);   // the user's --epochs won over the preset's 375
        assertThat(saved.augment()).isFalse();
        assertThat(record.augmentation()).isNull();
        assertThat(saved.stopping().patience()).isEqualTo(187);   // half the preset's epochs, with dev rows
    }

    @Test
    void accurateOnARowTrainsThePerceptron() throws Exception {
        Path model = dir.resolve("row.safetensors");
        Cli.Result r = run("train", "--data", csv(1, 50).toString(), "--classes", "3", "--dev", "60", "--preset", "accurate",
                "--epochs", "1", "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("preset accurate (mlp):", "network: mlp, since the images are 1x50");
        assertThat(ModelFile.load(model).info().training().settings().preset().used()).isEqualTo(Preset.MLP);
    }

    @Test
    void theSeedPresetRecordsTheNotebook() throws Exception {
        Path model = dir.resolve("seed.safetensors");
        Cli.Result r = run("train", "--data", csv(8, 8).toString(), "--classes", "3", "--dev", "60", "--iterations", "2",
                "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String line = "the notebook: 784-10-10, uniform init, full-batch SGD, 2 iterations (--iterations), learning rate 1";
        assertThat(r.out()).contains("preset seed:\n  " + line + "\n");
        TrainingRecord record = ModelFile.load(model).info().training();
        Settings saved = record.settings();
        assertThat(saved.preset().asked()).isEqualTo(Preset.SEED);
        assertThat(saved.steps().iterations()).isEqualTo(2);
        assertThat(saved.preset().plannedSteps()).isEqualTo(2L);
        assertThat(saved.preset().lines()).containsExactly(line);
    }

    /** Without options, the printout and the record are the preset's own decisions, word for word. */
    @Test
    void withNothingGivenTheRecordIsWhatThePresetDecided() throws Exception {
        Path model = dir.resolve("plain.safetensors");
        Cli.Result r = run("train", "--data", csv(28, 28).toString(), "--classes", "3", "--dev", "60",
                "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Settings choice = Preset.SEED.settings(new PresetData(240, 60, 0, 1, 28, 28, 3), 1);
        TrainingRecord record = ModelFile.load(model).info().training();
        Settings saved = record.settings();
        assertThat(printedDecisions(r.out())).isEqualTo(choice.preset().lines());
        assertThat(saved.preset().lines()).isEqualTo(choice.preset().lines());
        assertThat(saved.preset().plannedSteps()).isEqualTo(choice.preset().plannedSteps()).isEqualTo(500L);
    }

    /**
     * The case: --preset mlp --hidden 32 --epochs 2 printed "network: 512-256 perceptron" and recorded the
     * preset's 3,008 planned steps. Now the printout and the model file say what trained, marked with the flags.
     */
    @Test
    void optionsGivenInsteadOfThePresetsArePrintedAndRecordedAsTheyTrain() throws Exception {
        Path model = dir.resolve("h32.safetensors");
        Cli.Result r = run("train", "--data", csv(28, 28).toString(), "--classes", "3", "--dev", "60", "--preset", "mlp",
                "--hidden", "32", "--epochs", "2", "--lr", "0.01", "--model", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> printed = printedDecisions(r.err());   // with --json, the progress and the decisions go to stderr
        assertThat(printed).contains(
                "batch size: 32 (the power of two nearest 240 training rows / 64, within [32, 128]); learning rate 0.01"
                        + " (--learning-rate)",
                "steps: 16 in 2 epochs of 8 batches (--epochs)",
                "network: 784-32-3 perceptron, dropout 0.1 (--hidden)");
        assertThat(String.join("\n", printed)).doesNotContain("512-256", "3,008");
        TrainingRecord record = ModelFile.load(model).info().training();
        Settings saved = record.settings();
        assertThat(saved.preset().lines()).isEqualTo(printed);
        assertThat(saved.preset().plannedSteps()).isEqualTo(16L);
        assertThat(r.out()).contains("\"iterations\":16,");   // the 16 steps planned are the 16 that ran
        assertThat(saved.steps().epochs()).isEqualTo(2);
        assertThat(saved.optimizer().learningRate()).isEqualTo(0.01);
    }

    /** A resumed model's network is not the preset's: the record says where it came from. */
    @Test
    void aResumedNetworkIsMarkedAsTheResumedModels() throws Exception {
        Path data = csv(28, 28), first = dir.resolve("first.safetensors"), second = dir.resolve("second.safetensors");
        Cli.Result r = run("train", "--data", data.toString(), "--classes", "3", "--dev", "60", "--preset", "mlp",
                "--hidden", "16", "--epochs", "1", "--model", first.toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = run("train", "--data", data.toString(), "--classes", "3", "--dev", "60", "--preset", "mlp", "--epochs", "2",
                "--resume", first.toString(), "--model", second.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(printedDecisions(r.out())).contains("steps: 16 in 2 epochs of 8 batches (--epochs)",
                "network: 784-16-3 perceptron, dropout 0.1 (--resume)");
        assertThat(ModelFile.load(second).info().training().settings().preset().lines()).isEqualTo(printedDecisions(r.out()));
    }

    /** The indented lines after "preset NAME:" in train's output. */
    static List<String> printedDecisions(String out) {
        List<String> lines = out.lines().toList();
        int start = 0;
        while (!lines.get(start).startsWith("preset ")) {
            start++;
        }
        List<String> decisions = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith("  "); i++) {
            decisions.add(lines.get(i).substring(2));
        }
        return decisions;
    }
}
