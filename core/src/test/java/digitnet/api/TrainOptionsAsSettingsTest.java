package digitnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.app.cli.PresetConfigs;
import digitnet.nn.Init;
import digitnet.nn.LayerListSyntax;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Preset;
import digitnet.train.PresetData;
import digitnet.train.Schedule;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line's {@code train} options become the library's {@link Settings}, the records the run trains
 * with and the model file records: every option reaches its field, none is lost on the way.
 */
class TrainOptionsAsSettingsTest {
    static final PresetData SAMPLE = new PresetData(9000, 1000, 0, 1, 28, 28, 10);

    @Test
    void eachPresetIsTheLibrarysPreset() {
        for (Preset preset : Preset.values()) {
            assertThat(PresetConfigs.config(SAMPLE, "--preset", preset.id(), "--seed", "1"))
                    .isEqualTo(preset.settings(SAMPLE, 1));
        }
        assertThat(PresetConfigs.config(SAMPLE)).isEqualTo(Settings.notebook());
    }

    @Test
    void everyLearningOptionReachesItsField() {
        Settings s = PresetConfigs.config(SAMPLE, "--hidden", "32,16", "--init", "xavier", "--batch-size", "64",
                "--epochs", "3", "--lr", "0.05", "--optimizer", "nesterov", "--momentum", "0.7", "--weight-decay", "0.001",
                "--schedule", "step", "--step-every", "2", "--step-factor", "0.3", "--dropout", "0.2", "--augment",
                "--patience", "4", "--max-seconds", "9", "--seed", "11");
        assertThat(s.network()).isEqualTo(new NetworkSpec.Mlp(List.of(32, 16), 0.2));
        assertThat(s.init()).isEqualTo(Init.XAVIER);
        assertThat(s.optimizer()).isEqualTo(new OptimizerSettings(OptimizerSettings.Kind.NESTEROV, 0.05, 0.7, 0.9, 0.999, 0.001));
        assertThat(s.schedule()).isEqualTo(new Schedule.StepDecay(2, 0.3));
        assertThat(s.steps()).isEqualTo(new Steps(64, 3, 500, 10));
        assertThat(s.augment()).isTrue();
        assertThat(s.stopping()).isEqualTo(new Stopping(4, 9));
        assertThat(s.heldOut()).isEqualTo(new HeldOutRows(1000, 0));
        assertThat(s.seed()).isEqualTo(11);

        Settings adam = PresetConfigs.config(SAMPLE, "--optimizer", "adam", "--beta1", "0.8", "--beta2", "0.99",
                "--schedule", "cosine", "--warmup", "1.5", "--iterations", "40", "--every", "7");
        assertThat(adam.optimizer()).isEqualTo(new OptimizerSettings(OptimizerSettings.Kind.ADAM, 1, 0.9, 0.8, 0.99, 0));
        assertThat(adam.schedule()).isEqualTo(new Schedule.Cosine(1.5));
        assertThat(adam.steps()).isEqualTo(new Steps(0, 10, 40, 7));

        Settings list = PresetConfigs.config(SAMPLE, "--layers", "conv:4:3,relu,maxpool:2,flatten,dropout:0.5,linear:10",
                "--optimizer", "adamw");
        assertThat(list.network()).isEqualTo(new NetworkSpec.Layers(
                LayerListSyntax.parse("conv:4:3,relu,maxpool:2,flatten,dropout:0.5,linear:10")));
        assertThat(list.init()).isEqualTo(Init.HE);

        Settings mlp = PresetConfigs.config(SAMPLE, "--preset", "mlp", "--hidden", "8", "--every", "3", "--schedule", "constant");
        Settings own = Preset.MLP.settings(SAMPLE, 1);
        assertThat(mlp.network()).isEqualTo(new NetworkSpec.Mlp(List.of(8), 0.1));   // the preset's dropout
        assertThat(mlp.steps()).isEqualTo(own.steps().withProgressEvery(3));
        assertThat(mlp.schedule()).isEqualTo(new Schedule.Constant());
        assertThat(mlp.optimizer()).isEqualTo(own.optimizer());
    }

    @Test
    void thePresetsRecordIsKept() {
        Settings s = PresetConfigs.config(SAMPLE, "--preset", "accurate", "--dev", "1000");
        assertThat(s.preset().asked()).isEqualTo(Preset.ACCURATE);
        assertThat(s.preset().used()).isEqualTo(Preset.CNN);
        assertThat(s.preset().plannedSteps()).isPositive();
        assertThat(s.preset().lines()).isNotEmpty();
        assertThat(s.heldOut().devRows()).isEqualTo(1000);
    }
}
