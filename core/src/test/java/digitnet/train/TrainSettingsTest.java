package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Init;
import digitnet.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainSettingsTest {

    @Test
    void theJsonReadsBackAsTheSameRecord() {
        TrainConfig c = new TrainConfig(List.of(8), Init.HE, 0, 3, 16, 0.01, 1, 7,
                new OptimizerConfig(OptimizerConfig.Kind.ADAMW, 0.9, 0.9, 0.999, 0.05), new Schedule.Cosine(1), 0.1,
                null, 2, 30);
        TrainSettings s = TrainSettings.of(c, "digits.csv", Fixtures.sample(50), 10, 5, "accurate");
        assertThat(TrainSettings.fromJson(s.toJson())).isEqualTo(s);
        assertThat(s.toJson()).containsEntry("optimizer", "adamw").containsEntry("epochs", 3)
                .doesNotContainKey("iterations").containsEntry("test_rows", 5);
    }

    /** A file written before test_rows and the content checksum were recorded still reads; what it lacks is null. */
    @Test
    void anOlderFilesSettingsRead() {
        Map<String, Object> old = Map.of("data", "(embedded sample)", "rows", 10000, "dev_rows", 1000, "init", "uniform",
                "optimizer", "sgd", "learning_rate", 1.0, "batch_size", 0, "iterations", 500, "seed", 1);
        TrainSettings s = TrainSettings.fromJson(old);
        assertThat(s.seed()).isEqualTo(1L);
        assertThat(s.devRows()).isEqualTo(1000);
        assertThat(s.testRows()).isNull();
        assertThat(s.dataSha256()).isNull();
        assertThat(s.iterations()).isEqualTo(500);
    }

    @Test
    void whatAPresetDecidedReadsBack() {
        PresetChoice choice = Preset.ACCURATE.choose(new PresetData(40, 10, 1, 28, 28, 10), 7);
        TrainSettings s = TrainSettings.of(choice.config(), "digits.csv", Fixtures.sample(50), 10, 0, choice);
        assertThat(s.preset()).isEqualTo("accurate");
        assertThat(s.presetUsed()).isEqualTo("cnn");
        assertThat(s.plannedSteps()).isEqualTo(choice.plannedSteps());
        assertThat(s.presetDecisions()).isEqualTo(choice.decisions()).isNotEmpty();
        assertThat(s.augmentation()).isEqualTo("shift 0.04, rotation 8.0, elastic 0.6/0.12");
        assertThat(TrainSettings.fromJson(s.toJson())).isEqualTo(s);
    }

    /** The new fields are read as strictly as the old: a value of another type (a list holding a number) is absent. */
    @Test
    void presetFieldsOfTheWrongTypeReadAsAbsent() {
        TrainSettings s = TrainSettings.fromJson(Map.of("preset_used", 3, "preset_planned_steps", 2.5,
                "preset_decisions", List.of("steps: 3,000", 4), "augmentation", List.of()));
        assertThat(s).isEqualTo(TrainSettings.none());
        assertThat(TrainSettings.fromJson(Map.of("preset_decisions", "steps")).presetDecisions()).isNull();
    }

    @Test
    void valuesOfTheWrongTypeReadAsAbsent() {
        TrainSettings s = TrainSettings.fromJson(Map.of("seed", "one", "rows", 1.5, "augment", "yes", "dev_rows", 1L << 40));
        assertThat(s).isEqualTo(TrainSettings.none());
    }
}
