package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.train.OptimizerConfig;
import digitnet.train.Schedule;
import digitnet.train.TrainConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Presets fill what the command line leaves unset; explicit options win. */
class LearnOptionsTest {

    static TrainCommand parse(String... args) {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        cmd.learn.resolve();
        return cmd;
    }

    static TrainConfig config(String... args) {
        TrainCommand cmd = parse(args);
        return cmd.learn.config(cmd.seed, cmd.learn.hidden, cmd.learn.layerItems());
    }

    @Test
    void noPresetIsTheNotebook() {
        TrainConfig c = config();
        assertThat(c.hidden()).containsExactly(10);
        assertThat(c.init().id()).isEqualTo("uniform");
        assertThat(c.fullBatch()).isTrue();
        assertThat(c.iterations()).isEqualTo(500);
        assertThat(c.learningRate()).isEqualTo(1.0);
        assertThat(c.every()).isEqualTo(10);
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerConfig.Kind.SGD);
        assertThat(c.optimizer().weightDecay()).isZero();
        assertThat(c.schedule()).isEqualTo(new Schedule.Constant());
        assertThat(c.dropout()).isZero();
        assertThat(c.augment()).isNull();
        assertThat(c.patience()).isZero();
    }

    @Test
    void seedPresetEqualsTheNotebookConfig() {
        TrainConfig c = config("--preset", "seed", "--seed", "4");
        TrainConfig notebook = TrainConfig.notebook(4);
        // epochs only matter for mini-batches; everything else is the notebook's
        assertThat(c).usingRecursiveComparison().ignoringFields("epochs").isEqualTo(notebook);
    }

    @Test
    void accuratePresetSetsItsValues() {
        TrainConfig c = config("--preset", "accurate");
        assertThat(c.fullBatch()).isFalse();
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerConfig.Kind.ADAMW);
        assertThat(c.schedule()).isInstanceOf(Schedule.Cosine.class);
        assertThat(c.augment()).isNotNull();
        assertThat(c.dropout()).isPositive();
        assertThat(c.init().id()).isEqualTo("he");
    }

    @Test
    void explicitOptionsOverrideThePreset() {
        TrainConfig c = config("--preset", "accurate", "--epochs", "3", "--hidden", "32", "--no-augment",
                "--lr", "0.5", "--optimizer", "nesterov", "--dropout", "0");
        assertThat(c.epochs()).isEqualTo(3);
        assertThat(c.hidden()).containsExactly(32);
        assertThat(c.augment()).isNull();
        assertThat(c.learningRate()).isEqualTo(0.5);
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerConfig.Kind.NESTEROV);
        assertThat(c.dropout()).isZero();
        assertThat(c.schedule()).isInstanceOf(Schedule.Cosine.class);   // not overridden: still the preset's
    }

    @Test
    void explicitOptionsOverrideTheDefaultSeedPreset() {
        TrainConfig c = config("--batch-size", "64", "--optimizer", "adam", "--lr", "0.001", "--schedule", "step");
        assertThat(c.batchSize()).isEqualTo(64);
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerConfig.Kind.ADAM);
        assertThat(c.schedule()).isInstanceOf(Schedule.StepDecay.class);
        assertThat(c.hidden()).isEqualTo(List.of(10));
    }

    @Test
    void unknownPresetAndKindsAreUsageErrors() {
        assertThatThrownBy(() -> parse("--preset", "fast")).hasMessageContaining("--preset must be seed, accurate or cnn");
        // the library names its own field; the CLI names the flag
        assertThatThrownBy(() -> config("--optimizer", "rmsprop")).hasMessageContaining("OptimizerConfig.kind must be")
                .hasMessageNotContaining("--");
        assertThatThrownBy(() -> config("--schedule", "linear")).hasMessageContaining("--schedule must be");
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setErr(new PrintWriter(err));
        assertThat(line.execute("train", "--preset", "nope")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--preset must be seed, accurate or cnn");
        assertThat(line.execute("train", "--optimizer", "rmsprop")).isEqualTo(ExitCodes.USAGE);
        assertThat(line.execute("train", "--dropout", "1.5")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--optimizer must be sgd, momentum").contains("--dropout must be in [0, 1), got 1.5")
                .doesNotContain("OptimizerConfig").doesNotContain("TrainConfig");
    }

    @Test
    void helpShowsWhatEachPresetSets() {
        StringWriter out = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setOut(new PrintWriter(out));
        line.execute("train", "--help");
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("seed: " + LearnOptions.SEED).contains("accurate: " + LearnOptions.ACCURATE);
    }
}
