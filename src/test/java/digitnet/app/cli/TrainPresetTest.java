package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.model.ModelFile;
import digitnet.train.TrainSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --preset end to end: what the preset decided is printed at the start and recorded in the model file. */
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
                "augmentation: off, the images' shorter side 8 is under 12 pixels", "steps: 3,000 in 375 epochs of 8 batches");
        TrainSettings saved = ModelFile.load(model).info().training();
        assertThat(saved.preset()).isEqualTo("accurate");
        assertThat(saved.presetUsed()).isEqualTo("cnn");
        assertThat(saved.plannedSteps()).isEqualTo(3000L);
        assertThat(saved.presetDecisions()).contains("augmentation: off, the images' shorter side 8 is under 12 pixels");
        assertThat(saved.epochs()).isEqualTo(2);   // the user's --epochs won over the preset's 375
        assertThat(saved.augment()).isFalse();
        assertThat(saved.augmentation()).isNull();
        assertThat(saved.patience()).isEqualTo(187);   // half the preset's epochs, with dev rows
    }

    @Test
    void accurateOnARowTrainsThePerceptron() throws Exception {
        Path model = dir.resolve("row.safetensors");
        Cli.Result r = run("train", "--data", csv(1, 50).toString(), "--classes", "3", "--dev", "60", "--preset", "accurate",
                "--epochs", "1", "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("preset accurate (mlp):", "network: mlp, since the images are 1x50");
        assertThat(ModelFile.load(model).info().training().presetUsed()).isEqualTo("mlp");
    }

    @Test
    void theSeedPresetRecordsTheNotebook() throws Exception {
        Path model = dir.resolve("seed.safetensors");
        Cli.Result r = run("train", "--data", csv(8, 8).toString(), "--classes", "3", "--dev", "60", "--iterations", "2",
                "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("preset seed:");
        TrainSettings saved = ModelFile.load(model).info().training();
        assertThat(saved.preset()).isEqualTo("seed");
        assertThat(saved.iterations()).isEqualTo(2);
        assertThat(saved.presetDecisions()).hasSize(1);
    }
}
