package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume} continues the saved run on the same rows or not at all: another --seed,
 * --dev, --test or --data would train on rows the first run held out. Each refusal is exit 2, one
 * line naming the option and both values, and the resumed model file is left byte for byte.
 */
class ResumeCheckTest {
    @TempDir Path dir;
    Path csv, model;
    byte[] modelBytes;

    @BeforeEach
    void trainTwoEpochs() throws Exception {
        csv = csv(dir.resolve("small.csv"), 1);
        model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run(args("--epochs", "2", "--model", model.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        modelBytes = Files.readAllBytes(model);
    }

    /** 240 rows of 4x4 images, 3 classes; {@code seed} draws the noise. */
    static Path csv(Path p, long seed) throws Exception {
        StringBuilder b = new StringBuilder("label");
        for (int j = 0; j < 16; j++) {
            b.append(",pixel").append(j);
        }
        b.append('\n');
        Random r = new Random(seed);
        for (int i = 0; i < 240; i++) {
            int label = i % 3;
            b.append(label);
            for (int j = 0; j < 16; j++) {
                b.append(',').append((j / 4 == label ? 150 : 0) + r.nextInt(100));
            }
            b.append('\n');
        }
        return Files.writeString(p, b);
    }

    /** The first run's options, with {@code changed} (option, value, option, value...) in place of some. */
    String[] args(String... changed) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        String[] base = {"--data", csv.toString(), "--classes", "3", "--dev", "40", "--test", "20", "--seed", "5",
            "--hidden", "8", "--batch-size", "16", "--optimizer", "momentum", "--lr", "0.05"};
        for (int i = 0; i < base.length; i += 2) {
            options.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < changed.length; i += 2) {
            options.put(changed[i], changed[i + 1]);
        }
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("train", "-q"));
        options.forEach((k, v) -> {
            a.add(k);
            a.add(v);
        });
        return a.toArray(new String[0]);
    }

    /** Resumes into the same file, as a user continuing a run would; the refusal must leave it untouched. */
    Cli.Result resume(String... changed) {
        String[] a = TrainCommandLearnTest.concat(args(changed), "--epochs", "4", "--resume", model.toString(),
                "--model", model.toString());
        return Cli.run(a);
    }

    void assertRefused(Cli.Result r, String... named) throws Exception {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(named).doesNotContain("Exception");
        assertThat(Files.readAllBytes(model)).isEqualTo(modelBytes);
    }

    @Test
    void theSameSettingsResume() {
        Cli.Result r = resume();
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void anotherSeedIsRefused() throws Exception {
        assertRefused(resume("--seed", "6"), "--seed 6 differs from the resumed model's --seed 5");
    }

    @Test
    void anotherDevSizeIsRefused() throws Exception {
        assertRefused(resume("--dev", "30"), "--dev 30 differs from the resumed model's --dev 40");
    }

    @Test
    void anotherTestSizeIsRefused() throws Exception {
        assertRefused(resume("--test", "0"), "--test 0 differs from the resumed model's --test 20");
    }

    @Test
    void anotherDataFileIsRefused() throws Exception {
        Path other = csv(dir.resolve("other.csv"), 1);
        assertRefused(resume("--data", other.toString()), "--data " + other + " differs from the resumed model's --data "
                + csv);
    }

    @Test
    void theSameFileWithOtherContentIsRefused() throws Exception {
        csv(csv, 2);       // same name, same row count, other pixels
        assertRefused(resume(), "--data " + csv + " has content checksum", "resume on the same data");
    }

    /** A model saved without its checkpoint tensors cannot be resumed: bad input (exit 3), the file named. */
    @Test
    void aModelWithoutACheckpointIsBadInput() throws Exception {
        var loaded = digitnet.model.ModelFile.load(model);
        var info = new digitnet.model.ModelInfo(loaded.info().architecture(), loaded.info().height(),
                loaded.info().width(), loaded.info().classLabels(), loaded.info().training(), loaded.info().metrics());
        digitnet.model.ModelFile.save(model, loaded.network(), info, java.util.Map.of());
        modelBytes = Files.readAllBytes(model);
        Cli.Result r = resume();
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.errLines()).isEqualTo(1);
        assertThat(r.err()).contains(model + ": no tensor " + digitnet.train.Checkpoint.STEP);
        assertThat(Files.readAllBytes(model)).isEqualTo(modelBytes);
    }
}
