package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import digitnet.nn.Init;
import digitnet.testing.Fixtures;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a model file's training settings find again: the data set it was trained on (name, row
 * count, content) and the held-out rows, cut as {@link Splits#of} cut them; and what they record
 * of a run (augmentation, iterations, the preset's decisions).
 */
class TrainSettingsHeldOutTest {
    static final Dataset ALL = Fixtures.sample(50);
    static final TrainConfig MINI_BATCH = new TrainConfig(List.of(8), Init.HE, 0, 3, 16, 0.01, 1, 7);

    static TrainSettings trained(int devRows, int testRows) {
        return TrainSettings.of(MINI_BATCH, "digits.csv", ALL, devRows, testRows, "mlp");
    }

    /** The same settings as a file without the given keys would hold them. */
    static TrainSettings without(TrainSettings s, String... keys) {
        Map<String, Object> json = new HashMap<>(s.toJson());
        for (String key : keys) {
            json.remove(key);
        }
        return TrainSettings.fromJson(json);
    }

    static void assertSameRows(Dataset actual, Dataset expected) {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.labels()).isEqualTo(expected.labels());
        assertThat(actual.contentSha256()).isEqualTo(expected.contentSha256());
    }

    @Test
    void theHeldOutRowsAreCutAgainAsTheRunCutThem() {
        Splits again = trained(10, 5).splits("digits.csv", ALL);
        Splits run = Splits.of(ALL, 10, 5, 7);
        assertSameRows(again.train(), run.train());
        assertSameRows(again.dev(), run.dev());
        assertSameRows(again.test(), run.test());
        assertThat(again.dev().count()).isEqualTo(10);
        assertThat(again.test().count()).isEqualTo(5);
    }

    @Test
    void aFileWithoutTestRowsHadNone() {
        Splits again = without(trained(10, 0), "test_rows").splits("digits.csv", ALL);
        assertSameRows(again.dev(), Splits.of(ALL, 10, 0, 7).dev());
        assertThat(again.train().count()).isEqualTo(40);
    }

    @Test
    void heldOutRowsMustLeaveARowToTrainOn() {
        assertThat(trained(45, 4).splits("digits.csv", ALL)).isNotNull();
        assertThat(trained(45, 5).splits("digits.csv", ALL)).isNull();
        assertThat(trained(49, 0).splits("digits.csv", ALL)).isNotNull();
        assertThat(trained(50, 0).splits("digits.csv", ALL)).isNull();
    }

    @Test
    void withoutSeedOrDevRowsNothingIsCut() {
        assertThat(trained(0, 5).splits("digits.csv", ALL)).isNull();
        assertThat(trained(1, 0).splits("digits.csv", ALL)).isNotNull();
        assertThat(without(trained(10, 5), "seed").splits("digits.csv", ALL)).isNull();
        assertThat(without(trained(10, 5), "dev_rows").splits("digits.csv", ALL)).isNull();
        Map<String, Object> negative = new HashMap<>(trained(10, 5).toJson());
        negative.put("test_rows", -1);
        assertThat(TrainSettings.fromJson(negative).splits("digits.csv", ALL)).isNull();
    }

    @Test
    void theDataIsRecognisedByNameRowsAndContent() {
        TrainSettings s = trained(10, 5);
        assertThat(s.sameData("digits.csv", ALL)).isTrue();
        assertThat(s.sameData("other.csv", ALL)).isFalse();
        assertThat(s.splits("other.csv", ALL)).isNull();

        Dataset fewer = ALL.subset(java.util.stream.IntStream.range(0, 49).toArray(), "digits.csv");
        assertThat(s.sameData("digits.csv", fewer)).isFalse();

        byte[] pixels = ALL.pixels().clone();
        pixels[300] ^= 1;
        Dataset changed = new Dataset(pixels, ALL.labels(), ALL.count(), ALL.height(), ALL.width(), ALL.classes(), "digits.csv");
        assertThat(s.sameData("digits.csv", changed)).isFalse();
        assertThat(s.splits("digits.csv", changed)).isNull();

        // a file from before the content checksum was recorded: name and row count decide
        TrainSettings old = without(s, "data_content_sha256");
        assertThat(old.sameData("digits.csv", changed)).isTrue();
        assertThat(old.sameData("digits.csv", fewer)).isFalse();
        assertThat(without(s, "rows").sameData("digits.csv", ALL)).isFalse();
    }

    @Test
    void augmentationAndFullBatchIterationsAreRecorded() {
        Augmenter.Settings augment = new Augmenter.Settings(0.1, 10, 1.5, 0.25);
        TrainConfig withAugment = new TrainConfig(List.of(8), Init.HE, 0, 3, 16, 0.01, 1, 7, OptimizerConfig.sgd(),
                new Schedule.Constant(), 0, augment, 0, 0);
        TrainSettings a = TrainSettings.of(withAugment, "digits.csv", ALL, 10, 0, "mlp");
        assertThat(a.augment()).isTrue();
        assertThat(a.augmentation()).isEqualTo("shift 0.1, rotation 10.0, elastic 1.5/0.25");
        assertThat(trained(10, 0).augment()).isFalse();
        assertThat(trained(10, 0).augmentation()).isNull();

        TrainSettings full = TrainSettings.of(TrainConfig.notebook(3), "digits.csv", ALL, 10, 0, "seed");
        assertThat(full.toJson()).containsEntry("iterations", 500).doesNotContainKey("epochs");
        assertThat(TrainSettings.fromJson(full.toJson())).isEqualTo(full);
    }

    @Test
    void aPresetsDecisionsAreKeptAndNoneIsNull() {
        TrainSettings s = trained(10, 0);
        assertThat(s.withPresetDecisions(List.of("batch size: 16")).presetDecisions()).containsExactly("batch size: 16");
        assertThat(s.withPresetDecisions(List.of()).presetDecisions()).isNull();
        assertThat(s.withPresetDecisions(List.of("x")).withPresetDecisions(List.of()))
                .isEqualTo(s);
    }
}
