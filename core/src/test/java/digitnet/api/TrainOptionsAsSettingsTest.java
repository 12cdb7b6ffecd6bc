package digitnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.app.cli.PresetConfigs;
import digitnet.train.PresetData;
import org.junit.jupiter.api.Test;

/**
 * The command line's {@code train} options become {@link Settings} whose training configuration is the one
 * the options have always made: every option reaches the library, none is lost on the way.
 */
class TrainOptionsAsSettingsTest {
    static final PresetData SAMPLE = new PresetData(9000, 1000, 1, 28, 28, 10);

    static void assertSame(String... trainArgs) {
        Settings s = PresetConfigs.settings(SAMPLE, trainArgs);
        assertThat(s.config(28, 28)).as(String.join(" ", trainArgs)).isEqualTo(PresetConfigs.config(SAMPLE, trainArgs));
    }

    @Test
    void eachPresetIsTheSame() {
        for (String preset : new String[] {"seed", "mlp", "cnn", "accurate"}) {
            assertSame("--preset", preset);
        }
    }

    @Test
    void everyLearningOptionIsTheSame() {
        assertSame("--hidden", "32,16", "--init", "xavier", "--batch-size", "64", "--epochs", "3", "--lr", "0.05",
                "--optimizer", "nesterov", "--momentum", "0.7", "--weight-decay", "0.001", "--schedule", "step",
                "--step-every", "2", "--step-factor", "0.3", "--dropout", "0.2", "--augment", "--patience", "4",
                "--max-seconds", "9", "--seed", "11");
        assertSame("--optimizer", "adam", "--beta1", "0.8", "--beta2", "0.99", "--schedule", "cosine", "--warmup", "1.5",
                "--iterations", "40", "--every", "7");
        assertSame("--layers", "conv:4:3,relu,maxpool:2,flatten,dropout:0.5,linear:10", "--optimizer", "adamw");
        assertSame("--preset", "mlp", "--hidden", "8", "--every", "3", "--schedule", "constant");
    }

    @Test
    void thePresetsRecordIsKept() {
        Settings s = PresetConfigs.settings(SAMPLE, "--preset", "accurate", "--dev", "1000");
        assertThat(s.preset()).isEqualTo("accurate");
        assertThat(s.presetUsed()).isEqualTo("cnn");
        assertThat(s.plannedSteps()).isPositive();
        assertThat(s.presetDecisions()).isNotEmpty();
        assertThat(s.devRows()).isEqualTo(1000);
    }
}
