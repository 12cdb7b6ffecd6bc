package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings as the model file records them, and read back. */
class TrainingRecordTest {
    static final Architecture MLP = Architecture.of(784, List.of(8), 10);

    @Test
    void theJsonReadsBackAsTheSameSettings() {
        Settings c = new Settings(new NetworkSpec.Mlp(List.of(8), 0.1), Init.HE,
                new OptimizerSettings(OptimizerSettings.Kind.ADAMW, 0.01, 0.9, 0.9, 0.999, 0.05), new Schedule.Cosine(1),
                new Steps(16, 3, 500, 10), false, new Stopping(2, 30), new HeldOutRows(10, 5), 7, null);
        TrainingRecord s = TrainingRecord.of(c, "digits.csv", Fixtures.sample(50), Fixtures.sample(50).contentSha256());
        assertThat(TrainingRecord.fromJson(s.toJson(), MLP)).isEqualTo(s);
        assertThat(s.toJson()).containsEntry("optimizer", "adamw").containsEntry("epochs", 3)
                .doesNotContainKey("iterations").containsEntry("test_rows", 5).containsEntry("dropout", 0.1)
                .containsEntry("schedule", "cosine(warmup 1.0 epochs)").containsEntry("max_seconds", 30.0);
        // the JSON's keys in the order every model file has held them
        assertThat(s.toJson().keySet()).containsExactly("data", "rows", "data_content_sha256", "dev_rows", "test_rows",
                "init", "optimizer", "learning_rate", "momentum", "beta1", "beta2", "weight_decay", "schedule", "dropout",
                "augment", "patience", "max_seconds", "batch_size", "epochs", "seed");
    }

    /** Augmenting only the first part of the steps is recorded as augment_for and reads back; all steps write no key. */
    @Test
    void augmentForIsRecordedWhenNotEveryStepAugments() {
        Settings c = Settings.quick().withAugment(true).withAugmentFor(0.5);
        TrainingRecord s = TrainingRecord.of(c, "digits.csv", Fixtures.sample(50), Fixtures.sample(50).contentSha256());
        assertThat(s.toJson()).containsEntry("augment", true).containsEntry("augment_for", 0.5);
        Architecture a = c.network().architecture(28, 28, 10);
        assertThat(TrainingRecord.fromJson(s.toJson(), a).settings().augmentFor()).isEqualTo(0.5);
        TrainingRecord all = TrainingRecord.of(c.withAugmentFor(1), "digits.csv", Fixtures.sample(50), Fixtures.sample(50).contentSha256());
        assertThat(all.toJson()).doesNotContainKey("augment_for");
        assertThat(TrainingRecord.fromJson(all.toJson(), a).settings().augmentFor()).isEqualTo(1.0);
        Map<String, Object> bad = new HashMap<>(s.toJson());
        bad.put("augment_for", 0.0);      // out of range: the settings read as none, as for any other bad value
        assertThat(TrainingRecord.fromJson(bad, a).settings()).isNull();
    }

    /** Label smoothing is recorded as label_smoothing and reads back; one-hot targets write no key; out of range reads as none. */
    @Test
    void labelSmoothingIsRecordedWhenOn() {
        Settings c = Settings.quick().withLabelSmoothing(0.1);
        TrainingRecord s = TrainingRecord.of(c, "digits.csv", Fixtures.sample(50), Fixtures.sample(50).contentSha256());
        assertThat(s.toJson()).containsEntry("label_smoothing", 0.1);
        Architecture a = c.network().architecture(28, 28, 10);
        assertThat(TrainingRecord.fromJson(s.toJson(), a).settings().labelSmoothing()).isEqualTo(0.1);
        TrainingRecord off = TrainingRecord.of(c.withLabelSmoothing(0), "digits.csv", Fixtures.sample(50),
                Fixtures.sample(50).contentSha256());
        assertThat(off.toJson()).doesNotContainKey("label_smoothing");
        assertThat(TrainingRecord.fromJson(off.toJson(), a).settings().labelSmoothing()).isZero();
        Map<String, Object> bad = new HashMap<>(s.toJson());
        bad.put("label_smoothing", 1.0);
        assertThat(TrainingRecord.fromJson(bad, a).settings()).isNull();
    }

    @Test
    void eachScheduleReadsBackFromItsDescription() {
        for (Schedule s : List.of(new Schedule.Constant(), new Schedule.StepDecay(2.5, 0.3), new Schedule.Cosine(0.5))) {
            assertThat(Schedule.parse(s.describe())).isEqualTo(s);
        }
        assertThat(Schedule.parse("linear")).isNull();
        assertThat(Schedule.parse("step(every -1.0 epochs, x0.5)")).isNull();
    }

    /** A file written before test_rows and the content checksum were recorded still reads; what it lacks is its default or null. */
    @Test
    void anOlderFilesSettingsRead() {
        Map<String, Object> old = Map.of("data", "(embedded sample)", "rows", 10000, "dev_rows", 1000, "init", "uniform",
                "optimizer", "sgd", "learning_rate", 1.0, "batch_size", 0, "iterations", 500, "seed", 1);
        TrainingRecord s = TrainingRecord.fromJson(old, Architecture.of(784, List.of(10), 10));
        assertThat(s.settings().seed()).isEqualTo(1L);
        assertThat(s.settings().heldOut()).isEqualTo(new HeldOutRows(1000, 0));
        assertThat(s.dataSha256()).isNull();
        assertThat(s.settings().steps().iterations()).isEqualTo(500);
        assertThat(s.settings().network()).isEqualTo(NetworkSpec.mlp(10));
        assertThat(s.settings().preset()).isEqualTo(PresetDecisions.none());
    }

    @Test
    void whatAPresetDecidedReadsBack() {
        Settings choice = Preset.ACCURATE.settings(new PresetData(40, 10, 0, 1, 28, 28, 10), 7);
        TrainingRecord s = TrainingRecord.of(choice, "digits.csv", Fixtures.sample(50), Fixtures.sample(50).contentSha256());
        assertThat(s.toJson()).containsEntry("preset", "accurate").containsEntry("preset_used", "cnn")
                .containsEntry("preset_planned_steps", choice.preset().plannedSteps());
        assertThat(s.settings().preset().lines()).isNotEmpty();
        assertThat(s.augmentation()).isEqualTo("shift 0.04, rotation 8.0, elastic 0.6/0.12");
        Architecture cnn = choice.network().architecture(28, 28, 10);
        assertThat(TrainingRecord.fromJson(s.toJson(), cnn)).isEqualTo(s);
    }

    /** The preset's fields are read as strictly as the others: a value of another type (a list holding a number) is absent. */
    @Test
    void presetFieldsOfTheWrongTypeReadAsAbsent() {
        Map<String, Object> json = new HashMap<>(Map.of("seed", 1, "dev_rows", 10, "preset_used", 3,
                "preset_planned_steps", 2.5, "preset_decisions", List.of("steps: 3,000", 4), "augmentation", List.of()));
        TrainingRecord s = TrainingRecord.fromJson(json, MLP);
        assertThat(s.settings().preset()).isEqualTo(PresetDecisions.none());
        assertThat(s.augmentation()).isNull();
        json.put("preset", "fastest");
        assertThat(TrainingRecord.fromJson(json, MLP).settings().preset().asked()).isNull();
    }

    @Test
    void valuesOfTheWrongTypeReadAsAbsent() {
        TrainingRecord s = TrainingRecord.fromJson(Map.of("seed", "one", "rows", 1.5, "augment", "yes", "dev_rows", 1L << 40), MLP);
        assertThat(s).isEqualTo(TrainingRecord.none());
        assertThat(TrainingRecord.none().toJson()).isEmpty();
    }

    /** Values out of range in a file leave it without settings rather than failing the load. */
    @Test
    void settingsOutOfRangeReadAsNone() {
        assertThat(TrainingRecord.fromJson(Map.of("seed", 1, "dev_rows", -3), MLP).settings()).isNull();
        assertThat(TrainingRecord.fromJson(Map.of("seed", 1, "dev_rows", 3, "learning_rate", -1.0), MLP).settings()).isNull();
    }
}
