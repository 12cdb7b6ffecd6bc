package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.model.ModelFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The train command with the learning options, end to end on a small CSV. */
class TrainCommandLearnTest {
    @TempDir Path dir;

    /** 240 rows of 4x4 images, 3 classes: the class lights one of three quarter rows. */
    Path smallCsv() throws Exception {
        StringBuilder b = new StringBuilder("label");
        for (int j = 0; j < 16; j++) {
            b.append(",pixel").append(j);
        }
        b.append('\n');
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 240; i++) {
            int label = i % 3;
            b.append(label);
            for (int j = 0; j < 16; j++) {
                b.append(',').append((j / 4 == label ? 150 : 0) + r.nextInt(100));
            }
            b.append('\n');
        }
        Path p = dir.resolve("small.csv");
        java.nio.file.Files.writeString(p, b);
        return p;
    }

    String run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int code = line.execute(args);
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        return out.toString();
    }

    @Test
    void jsonHasTheDevCurveAndTheTestScore() throws Exception {
        Path csv = smallCsv();
        String json = run("train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--test", "40",
                "--hidden", "8", "--init", "he", "--batch-size", "16", "--epochs", "3", "--optimizer", "adam",
                "--lr", "0.01", "--dropout", "0.1", "--augment", "--schedule", "cosine", "--warmup", "1",
                "--json", "--model", dir.resolve("m.safetensors").toString());
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("history")).hasSize(3);
        assertThat(root.get("history").get(2).get("epoch").asInt()).isEqualTo(3);
        assertThat(root.get("history").get(2).get("devAccuracy").isNumber()).isTrue();
        assertThat(root.get("testAccuracy").isNumber()).isTrue();
        assertThat(root.get("settings").get("optimizer").asText()).isEqualTo("adam");
        assertThat(root.get("stopReason").asText()).isEqualTo("completed");
        var loaded = ModelFile.load(dir.resolve("m.safetensors"));
        assertThat(loaded.checkpoint()).containsKeys("optimizer.step", "optimizer.epoch", "optimizer.0.weight.m",
                "optimizer.2.bias.v");
        assertThat(loaded.checkpoint().get("optimizer.epoch").data[0]).isEqualTo(3f);
        assertThat(loaded.info().metrics()).containsKey("test_accuracy");
    }

    /** Two epochs, then --resume up to four, give the same weights as four epochs in one go. */
    /** --augment-for reaches the run and the model's record; a share outside (0, 1] is a usage error naming the flag. */
    @Test
    void augmentForIsRecordedAndAShareOutOfRangeIsAUsageError() throws Exception {
        Path csv = smallCsv();
        String[] common = {"train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--hidden", "8",
            "--batch-size", "16", "--epochs", "2", "--augment", "--json"};
        JsonNode half = new ObjectMapper().readTree(run(concat(common, "--augment-for", "0.5", "--model",
                dir.resolve("half.safetensors").toString())));
        JsonNode all = new ObjectMapper().readTree(run(concat(common, "--model", dir.resolve("all.safetensors").toString())));
        assertThat(half.get("settings").get("augment_for").asDouble()).isEqualTo(0.5);
        assertThat(all.get("settings").has("augment_for")).isFalse();
        assertThat(half.get("history").get(0).get("trainLoss").asDouble())
                .as("epoch 1 augments in both").isEqualTo(all.get("history").get(0).get("trainLoss").asDouble());
        assertThat(half.get("history").get(1).get("trainLoss").asDouble())
                .as("epoch 2 augments in one").isNotEqualTo(all.get("history").get(1).get("trainLoss").asDouble());
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        int code = line.execute(concat(common, "--augment-for", "1.5", "--model", dir.resolve("x").toString()));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--augment-for must be in (0, 1], got 1.5");
    }

    /**
     * --label-smoothing reaches the loss (the first epoch's training loss differs from one-hot targets' on the
     * same seed) and the model's record; 1 is a usage error naming the flag.
     */
    @Test
    void labelSmoothingIsTrainedAndRecordedAndOneIsAUsageError() throws Exception {
        Path csv = smallCsv();
        String[] common = {"train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--hidden", "8",
            "--batch-size", "16", "--epochs", "2", "--json"};
        JsonNode smoothed = new ObjectMapper().readTree(run(concat(common, "--label-smoothing", "0.2", "--model",
                dir.resolve("smoothed.safetensors").toString())));
        JsonNode plain = new ObjectMapper().readTree(run(concat(common, "--model", dir.resolve("plain.safetensors").toString())));
        assertThat(smoothed.get("settings").get("label_smoothing").asDouble()).isEqualTo(0.2);
        assertThat(plain.get("settings").has("label_smoothing")).isFalse();
        assertThat(smoothed.get("history").get(1).get("devAccuracy").isNumber()).isTrue();
        assertThat(smoothed.get("history").get(0).get("trainLoss").asDouble())
                .isNotEqualTo(plain.get("history").get(0).get("trainLoss").asDouble());
        assertThat(ModelFile.load(dir.resolve("smoothed.safetensors")).info().training().settings().labelSmoothing())
                .isEqualTo(0.2);
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        int code = line.execute(concat(common, "--label-smoothing", "1", "--model", dir.resolve("x").toString()));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--label-smoothing must be in [0, 1), got 1.0");
    }

    @Test
    void resumeContinuesBitIdentically() throws Exception {
        Path csv = smallCsv();
        String[] common = {"train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--hidden", "8",
            "--init", "he", "--batch-size", "16", "--optimizer", "momentum", "--lr", "0.05", "--dropout", "0.2",
            "--augment", "--weight-decay", "0.001", "--schedule", "step", "--step-every", "1", "--step-factor", "0.7"};
        Path whole = dir.resolve("whole.safetensors"), half = dir.resolve("half.safetensors"),
                resumed = dir.resolve("resumed.safetensors");
        run(concat(common, "--epochs", "4", "--model", whole.toString()));
        run(concat(common, "--epochs", "2", "--model", half.toString()));
        String out = run(concat(common, "--epochs", "4", "--resume", half.toString(), "--model", resumed.toString()));
        assertThat(out).contains("epoch   3").contains("epoch   4").doesNotContain("epoch   1 ");
        var a = ModelFile.load(whole).network().parameters();
        var b = ModelFile.load(resumed).network().parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).value().data).as(a.get(i).name()).containsExactly(a.get(i).value().data);
        }
        assertThat(ModelFile.load(resumed).checkpoint().get("optimizer.0.weight.velocity").data)
                .containsExactly(ModelFile.load(whole).checkpoint().get("optimizer.0.weight.velocity").data);
    }

    @Test
    void resumingWithAnotherOptimizerIsRefused() throws Exception {
        Path csv = smallCsv(), m = dir.resolve("m.safetensors");
        run("train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--hidden", "8", "--batch-size", "16",
                "--epochs", "1", "--optimizer", "sgd", "--lr", "0.1", "--model", m.toString());
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setErr(new PrintWriter(err));
        line.setOut(new PrintWriter(new StringWriter()));
        int code = line.execute("train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--batch-size", "16",
                "--epochs", "2", "--optimizer", "adam", "--resume", m.toString(), "--model", dir.resolve("x").toString());
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("was trained with --optimizer sgd");
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
