package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import digitnet.train.Preset;
import digitnet.train.PresetData;
import digitnet.train.Schedule;
import digitnet.nn.Init;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Presets fill what the command line leaves unset; explicit options win. */
class LearnOptionsTest {

    /** The embedded sample's facts with the default 1000 dev rows. */
    static final PresetData SAMPLE = new PresetData(9000, 1000, 0, 1, 28, 28, 10);

    static TrainCommand parse(String... args) {
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        cmd.learn.check();
        return cmd;
    }

    static Settings config(String... args) {
        return config(SAMPLE, args);
    }

    /** The settings {@code train args} makes on data with these facts (what {@code TrainCommand} trains with). */
    static Settings config(PresetData data, String... args) {
        TrainCommand cmd = parse(args);
        return cmd.learn.settings(data, cmd.seed, null);
    }

    @Test
    void noPresetIsTheNotebook() {
        Settings c = config();
        assertThat(hidden(c)).containsExactly(10);
        assertThat(c.init().id()).isEqualTo("uniform");
        assertThat(c.steps().fullBatch()).isTrue();
        assertThat(c.steps().iterations()).isEqualTo(500);
        assertThat(c.optimizer().learningRate()).isEqualTo(1.0);
        assertThat(c.steps().progressEvery()).isEqualTo(10);
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerSettings.Kind.SGD);
        assertThat(c.optimizer().weightDecay()).isZero();
        assertThat(c.schedule()).isEqualTo(new Schedule.Constant());
        assertThat(c.network().dropout()).isZero();
        assertThat(c.augment()).isFalse();
        assertThat(c.stopping().patience()).isZero();
    }

    @Test
    void seedPresetEqualsTheNotebookConfig() {
        Settings c = config("--preset", "seed", "--seed", "4");
        Settings notebook = Preset.SEED.settings(SAMPLE, 4);
        assertThat(c).isEqualTo(notebook);
    }

    @Test
    void eachPresetIsTheLibrarysChoiceForTheData() {
        for (String name : new String[] {"seed", "mlp", "cnn", "accurate"}) {
            for (PresetData d : new PresetData[] {SAMPLE, new PresetData(500, 200, 0, 1, 8, 8, 3),
                    new PresetData(59_000, 1000, 0, 1, 28, 28, 10), new PresetData(2000, 0, 0, 1, 1, 50, 2)}) {
                if (name.equals("cnn") && d.height() < 8) {
                    continue;
                }
                assertThat(config(d, "--preset", name, "--seed", "3")).as(name + " on " + d)
                        .isEqualTo(Preset.parse(name).settings(d, 3));
            }
        }
    }

    @Test
    void accurateIsTheMlpForARowAndTheCnnForImages() {
        Settings row = config(new PresetData(9000, 1000, 0, 1, 1, 50, 10), "--preset", "accurate");
        assertThat(layers(row)).isEmpty();
        assertThat(hidden(row)).containsExactly(512, 256);
        assertThat(row.augment()).isFalse();
        assertThat(layers(config(new PresetData(9000, 1000, 0, 1, 8, 8, 10), "--preset", "accurate"))).isNotEmpty();
        assertThatThrownBy(() -> config(new PresetData(9000, 1000, 0, 1, 1, 50, 10), "--preset", "cnn"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--preset cnn needs images of at least 8x8");
    }

    @Test
    void aUserOptionOverridesWhatThePresetSized() {
        PresetData small = new PresetData(500, 200, 0, 1, 8, 8, 10);
        Settings preset = config(small, "--preset", "mlp");
        assertThat(preset.steps().epochs()).isEqualTo(188);
        assertThat(preset.augment()).isFalse();
        Settings c = config(small, "--preset", "mlp", "--epochs", "7", "--augment", "--batch-size", "50");
        assertThat(c.steps().epochs()).isEqualTo(7);
        assertThat(c.steps().batchSize()).isEqualTo(50);
        assertThat(c.augmentation(8, 8)).isEqualTo(Preset.augmentation(8, 8));   // asked for: fitted to the image
        assertThat(c.optimizer().learningRate()).isEqualTo(preset.optimizer().learningRate());  // not given: still the preset's
        assertThat(c.stopping().patience()).isEqualTo(preset.stopping().patience());
    }

    @Test
    void mlpPresetSetsItsValues() {
        Settings c = config("--preset", "mlp");
        assertThat(c.steps().fullBatch()).isFalse();
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerSettings.Kind.ADAMW);
        assertThat(c.schedule()).isInstanceOf(Schedule.Cosine.class);
        assertThat(c.augment()).isTrue();
        assertThat(c.network().dropout()).isPositive();
        assertThat(c.init().id()).isEqualTo("he");
    }

    @Test
    void explicitOptionsOverrideThePreset() {
        Settings c = config("--preset", "mlp", "--epochs", "3", "--hidden", "32", "--no-augment",
                "--lr", "0.5", "--optimizer", "nesterov", "--dropout", "0");
        assertThat(c.steps().epochs()).isEqualTo(3);
        assertThat(hidden(c)).containsExactly(32);
        assertThat(c.augment()).isFalse();
        assertThat(c.optimizer().learningRate()).isEqualTo(0.5);
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerSettings.Kind.NESTEROV);
        assertThat(c.network().dropout()).isZero();
        assertThat(c.schedule()).isInstanceOf(Schedule.Cosine.class);   // not overridden: still the preset's
    }

    @Test
    void explicitOptionsOverrideTheDefaultSeedPreset() {
        Settings c = config("--batch-size", "64", "--optimizer", "adam", "--lr", "0.001", "--schedule", "step");
        assertThat(c.steps().batchSize()).isEqualTo(64);
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerSettings.Kind.ADAM);
        assertThat(c.schedule()).isInstanceOf(Schedule.StepDecay.class);
        assertThat(hidden(c)).isEqualTo(List.of(10));
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
        assertThatThrownBy(() -> config("--optimizer", "rmsprop")).hasMessageContaining("OptimizerSettings.kind must be")
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
                .doesNotContain("OptimizerSettings").doesNotContain("Settings.");
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

    static List<Integer> hidden(Settings s) {
        return s.network() instanceof NetworkSpec.Mlp m ? m.hidden() : List.of();
    }

    static List<digitnet.nn.LayerSpec> layers(Settings s) {
        return s.network() instanceof NetworkSpec.Layers l ? l.items() : List.of();
    }
}
