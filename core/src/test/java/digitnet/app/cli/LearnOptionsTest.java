package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.train.OptimizerConfig;
import digitnet.train.Preset;
import digitnet.train.PresetData;
import digitnet.train.Schedule;
import digitnet.nn.Init;
import digitnet.train.TrainConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Presets fill what the command line leaves unset; explicit options win. */
class LearnOptionsTest {

    /** The embedded sample's facts with the default 1000 dev rows. */
    static final PresetData SAMPLE = new PresetData(9000, 1000, 1, 28, 28, 10);

    static TrainCommand parse(String... args) {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        cmd.learn.check();
        return cmd;
    }

    static TrainConfig config(String... args) {
        return config(SAMPLE, args);
    }

    /** The configuration {@code train args} makes on data with these facts. */
    static TrainConfig config(PresetData data, String... args) {
        TrainCommand cmd = parse(args);
        cmd.learn.resolve(data, cmd.seed);
        return cmd.learn.config(cmd.seed, cmd.learn.hidden, cmd.learn.layerItems(), data.height(), data.width());
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
    void eachPresetIsTheLibrarysChoiceForTheData() {
        for (String name : new String[] {"seed", "mlp", "cnn", "accurate"}) {
            for (PresetData d : new PresetData[] {SAMPLE, new PresetData(500, 200, 1, 8, 8, 3),
                    new PresetData(59_000, 1000, 1, 28, 28, 10), new PresetData(2000, 0, 1, 1, 50, 2)}) {
                if (name.equals("cnn") && d.height() < 8) {
                    continue;
                }
                assertThat(config(d, "--preset", name, "--seed", "3")).as(name + " on " + d)
                        .isEqualTo(Preset.parse(name).choose(d, 3).config());
            }
        }
    }

    @Test
    void accurateIsTheMlpForARowAndTheCnnForImages() {
        TrainConfig row = config(new PresetData(9000, 1000, 1, 1, 50, 10), "--preset", "accurate");
        assertThat(row.layers()).isEmpty();
        assertThat(row.hidden()).containsExactly(512, 256);
        assertThat(row.augment()).isNull();
        assertThat(config(new PresetData(9000, 1000, 1, 8, 8, 10), "--preset", "accurate").layers()).isNotEmpty();
        assertThatThrownBy(() -> config(new PresetData(9000, 1000, 1, 1, 50, 10), "--preset", "cnn"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--preset cnn needs images of at least 8x8");
    }

    @Test
    void aUserOptionOverridesWhatThePresetSized() {
        PresetData small = new PresetData(500, 200, 1, 8, 8, 10);
        TrainConfig preset = config(small, "--preset", "mlp");
        assertThat(preset.epochs()).isEqualTo(188);
        assertThat(preset.augment()).isNull();
        TrainConfig c = config(small, "--preset", "mlp", "--epochs", "7", "--augment", "--batch-size", "50");
        assertThat(c.epochs()).isEqualTo(7);
        assertThat(c.batchSize()).isEqualTo(50);
        assertThat(c.augment()).isEqualTo(Preset.augmentation(8, 8));   // asked for: fitted to the image
        assertThat(c.learningRate()).isEqualTo(preset.learningRate());  // not given: still the preset's
        assertThat(c.patience()).isEqualTo(preset.patience());
    }

    @Test
    void mlpPresetSetsItsValues() {
        TrainConfig c = config("--preset", "mlp");
        assertThat(c.fullBatch()).isFalse();
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerConfig.Kind.ADAMW);
        assertThat(c.schedule()).isInstanceOf(Schedule.Cosine.class);
        assertThat(c.augment()).isNotNull();
        assertThat(c.dropout()).isPositive();
        assertThat(c.init().id()).isEqualTo("he");
    }

    @Test
    void explicitOptionsOverrideThePreset() {
        TrainConfig c = config("--preset", "mlp", "--epochs", "3", "--hidden", "32", "--no-augment",
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
    void aLayerListWithoutPresetOrInitStartsFromHe() {
        assertThat(config("--layers", "conv:4:3,relu,flatten,linear:10").init()).isEqualTo(Init.HE);
        assertThat(config("--layers", "conv:4:3,relu,flatten,linear:10", "--init", "xavier").init()).isEqualTo(Init.XAVIER);
        assertThat(config("--hidden", "32").init()).isEqualTo(Init.UNIFORM);   // the notebook's network keeps its init
    }

    @Test
    void unknownPresetAndKindsAreUsageErrors() {
        assertThatThrownBy(() -> parse("--preset", "fast")).hasMessageContaining("--preset must be seed, mlp, cnn or accurate");
        // the library names its own field; the CLI names the flag
        assertThatThrownBy(() -> config("--optimizer", "rmsprop")).hasMessageContaining("OptimizerConfig.kind must be")
                .hasMessageNotContaining("--");
        assertThatThrownBy(() -> config("--schedule", "linear")).hasMessageContaining("--schedule must be");
        StringWriter err = new StringWriter();
        CommandLine line = Main.commandLine();
        line.setErr(new PrintWriter(err));
        assertThat(line.execute("train", "--preset", "nope")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--preset must be seed, mlp, cnn or accurate");
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
        assertThat(help).contains(LearnOptions.SEED).contains(LearnOptions.MLP).contains(LearnOptions.CNN)
                .contains(LearnOptions.ACCURATE).contains("steps = training rows / 2 within [3000, 10000]");
    }
}
