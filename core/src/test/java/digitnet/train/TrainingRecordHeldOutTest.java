package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import digitnet.nn.Architecture;
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
class TrainingRecordHeldOutTest {
    static final Dataset ALL = Fixtures.sample(50);
    static final Settings MINI_BATCH = Settings.of(new NetworkSpec.Mlp(List.of(8), 0), Init.HE, OptimizerSettings.sgd(0.01), new Steps(16, 3, 0, 1), 7);

    static final Architecture NETWORK = Architecture.of(784, List.of(8), 10);

    static TrainingRecord trained(int devRows, int testRows) {
        return TrainingRecord.of(MINI_BATCH.withHeldOut(new HeldOutRows(devRows, testRows)), "digits.csv", ALL, ALL.contentSha256());
    }

    /** The same settings as a file without the given keys would hold them. */
    static TrainingRecord without(TrainingRecord s, String... keys) {
        Map<String, Object> json = new HashMap<>(s.toJson());
        for (String key : keys) {
            json.remove(key);
        }
        return TrainingRecord.fromJson(json, NETWORK);
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
        assertThat(TrainingRecord.fromJson(negative, NETWORK).splits("digits.csv", ALL)).isNull();
    }

    @Test
    void theDataIsRecognisedByNameRowsAndContent() {
        TrainingRecord s = trained(10, 5);
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
        TrainingRecord old = without(s, "data_content_sha256");
        assertThat(old.sameData("digits.csv", changed)).isTrue();
        assertThat(old.sameData("digits.csv", fewer)).isFalse();
        assertThat(without(s, "rows").sameData("digits.csv", ALL)).isFalse();
    }

    @Test
    void augmentationAndFullBatchIterationsAreRecorded() {
        TrainingRecord a = TrainingRecord.of(MINI_BATCH.withAugment(true).withHeldOut(new HeldOutRows(10, 0)), "digits.csv",
                ALL, ALL.contentSha256());
        assertThat(a.toJson()).containsEntry("augment", true).containsEntry("epochs", 3).doesNotContainKey("iterations");
        assertThat(a.augmentation()).isEqualTo("shift 0.04, rotation 8.0, elastic 0.6/0.12");   // fitted to 28x28
        assertThat(trained(10, 0).toJson()).containsEntry("augment", false);
        assertThat(trained(10, 0).augmentation()).isNull();
        // what a mini-batch file holds reads back to the same JSON (the full-batch count and progress interval are not held)
        assertThat(TrainingRecord.fromJson(a.toJson(), NETWORK).toJson()).isEqualTo(a.toJson());
        assertThat(TrainingRecord.fromJson(a.toJson(), NETWORK).settings().augment()).isTrue();

        TrainingRecord full = TrainingRecord.of(Settings.notebook().withSeed(3).withHeldOut(new HeldOutRows(10, 0)),
                "digits.csv", ALL, ALL.contentSha256());
        assertThat(full.toJson()).containsEntry("iterations", 500).doesNotContainKey("epochs");
        assertThat(TrainingRecord.fromJson(full.toJson(), Architecture.of(784, List.of(10), 10))).isEqualTo(full);
    }

    @Test
    void aPresetsDecisionsAreKeptAndNoneIsNull() {
        Settings s = MINI_BATCH.withHeldOut(new HeldOutRows(10, 0));
        TrainingRecord decided = TrainingRecord.of(s.withPreset(new PresetDecisions(null, null, 0, List.of("batch size: 16"))),
                "digits.csv", ALL, ALL.contentSha256());
        assertThat(decided.toJson()).containsEntry("preset_decisions", List.of("batch size: 16"))
                .doesNotContainKey("preset").doesNotContainKey("preset_used");
        assertThat(TrainingRecord.fromJson(decided.toJson(), NETWORK).settings().preset().lines()).containsExactly("batch size: 16");
        assertThat(trained(10, 0).toJson()).doesNotContainKey("preset_decisions");
        assertThat(TrainingRecord.of(s.withPreset(null), "digits.csv", ALL, ALL.contentSha256())).isEqualTo(trained(10, 0));
    }
}
