package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The presets' sizing rules (docs/training.md, "Presets") over a sweep of row counts, each checked
 * against the rule as stated, computed here by search rather than by the formulas of
 * {@link PresetSizing}: the nearest power of two, the epoch count whose steps come nearest to half a
 * step per row within the floor and the cap.
 */
class PresetSizingRulesTest {

    /** Row counts around every boundary of the rules: batch-size midpoints, the floor and the cap of steps. */
    static List<Integer> sweep() {
        List<Integer> rows = new ArrayList<>();
        for (int r = 1; r <= 40_000; r += r < 200 ? 1 : r < 2000 ? 7 : 97) {
            rows.add(r);
        }
        for (int p = 32; p <= 256; p *= 2) {
            int midpoint = p * 64 * 3 / 2;      // rows / 64 exactly 1.5 x a power of two
            rows.addAll(List.of(midpoint - 1, midpoint, midpoint + 1, p * 64 - 1, p * 64, p * 64 + 1));
        }
        rows.addAll(List.of(5999, 6000, 6001, 19_999, 20_000, 20_001, 60_000, 640_000, 1_280_000, 1_300_000, 2_000_000));
        return rows;
    }

    /** The power of two nearest {@code x} (the larger one at a tie), by search. */
    static long nearestPowerOfTwo(double x) {
        long best = 1;
        for (long p = 1; p <= (1L << 40); p *= 2) {
            if (Math.abs(x - p) <= Math.abs(x - best)) {
                best = p;
            }
        }
        return best;
    }

    static int expectedBatch(int rows, int max) {
        return (int) Math.max(32, Math.min(max, nearestPowerOfTwo(rows / 64.0)));
    }

    /**
     * The epoch count whose steps (epochs x batches per epoch) come nearest to rows / 2 clamped to
     * [floor, cap] among counts whose steps stay within [floor, cap] (the larger at a tie); one epoch
     * when none does.
     */
    static int expectedEpochs(int rows, int batchesPerEpoch) {
        double wanted = Math.max(Preset.MIN_STEPS, Math.min(Preset.MAX_STEPS, rows / 2L));
        int best = -1;
        for (int e = 1; (long) e * batchesPerEpoch <= Preset.MAX_STEPS; e++) {
            long steps = (long) e * batchesPerEpoch;
            if (steps >= Preset.MIN_STEPS
                    && (best < 0 || Math.abs(steps - wanted) <= Math.abs((long) best * batchesPerEpoch - wanted))) {
                best = e;
            }
        }
        return best < 0 ? 1 : best;
    }

    @Test
    void batchSizeIsThePowerOfTwoNearestRowsOver64WithinItsBounds() {
        for (int rows : sweep()) {
            assertThat(Preset.batchSize(rows, 128)).as("mlp, %d rows", rows).isEqualTo(expectedBatch(rows, 128));
            assertThat(Preset.batchSize(rows, 64)).as("cnn, %d rows", rows).isEqualTo(expectedBatch(rows, 64));
        }
        // the midpoint between 32 and 64 batches of 64 rows: 48 x 64 = 3,072 rows round up, one row fewer down
        assertThat(Preset.batchSize(3072, 128)).isEqualTo(64);
        assertThat(Preset.batchSize(3071, 128)).isEqualTo(32);
        assertThat(Preset.batchSize(6144, 128)).isEqualTo(128);
        assertThat(Preset.batchSize(6143, 128)).isEqualTo(64);
    }

    @Test
    void stepsComeNearestToHalfAStepPerRowWithinTheFloorAndTheCap() {
        for (Preset preset : List.of(Preset.MLP, Preset.CNN)) {
            for (int rows : sweep()) {
                Settings c = preset.settings(new PresetData(rows, 0, 0, 1, 28, 28, 10), 7);
                int batch = expectedBatch(rows, preset == Preset.CNN ? 64 : 128);
                int batchesPerEpoch = (int) ((rows + (long) batch - 1) / batch);
                int epochs = expectedEpochs(rows, batchesPerEpoch);
                String what = preset.id() + ", " + rows + " rows";
                assertThat(c.steps().batchSize()).as(what).isEqualTo(batch);
                assertThat(c.steps().epochs()).as(what).isEqualTo(epochs);
                assertThat(c.preset().plannedSteps()).as(what).isEqualTo((long) epochs * batchesPerEpoch);
                assertThat(c.optimizer().learningRate()).as(what)
                        .isEqualTo((preset == Preset.CNN ? 0.003 : 0.002) * Math.sqrt(batch / (preset == Preset.CNN ? 64.0 : 128.0)));
                assertThat(((Schedule.Cosine) c.schedule()).warmupEpochs()).as(what)
                        .isEqualTo(Math.max(1, Math.floor(epochs / 30.0 + 0.5)));
                assertThat(c.seed()).isEqualTo(7);
            }
        }
    }

    @Test
    void theDecisionsStateTheNumbersChosen() {
        Settings c = Preset.MLP.settings(new PresetData(9000, 1000, 0, 1, 28, 28, 10), 1);
        // 9,000 rows: 140.6 batches of 64 rows is nearer 128 than 256: batch 128, 71 an epoch; 4,500 steps -> 63 epochs
        assertThat(c.preset().lines()).contains(
                "batch size: 128 (the power of two nearest 9,000 training rows / 64, within [32, 128]); learning rate 0.002000"
                        + " = 0.002000 x sqrt(128 / 128)",
                "steps: 4,473 in 63 epochs of 71 batches (training rows / 2 = 4,500, within [3,000, 10,000])",
                "schedule: AdamW, weight decay 0.05, cosine to 0 after 2 warm-up epoch(s)",
                "early stopping: after 31 epochs without a better dev accuracy; best weights kept",
                "network: 512-256 perceptron, dropout 0.1, 10 classes");
        assertThat(c.stopping().patience()).isEqualTo(31);
    }

    @Test
    void patienceIsHalfTheEpochsAtLeastTenAndOffWithoutDevRows() {
        Settings many = Preset.MLP.settings(new PresetData(500, 100, 0, 1, 28, 28, 10), 1);   // 188 epochs
        assertThat(many.stopping().patience()).isEqualTo(94);
        Settings few = Preset.MLP.settings(new PresetData(60_000, 100, 0, 1, 28, 28, 10), 1);   // 21 epochs
        assertThat(few.stopping().patience()).isEqualTo(10);
        Settings none = Preset.MLP.settings(new PresetData(500, 0, 0, 1, 28, 28, 10), 1);
        assertThat(none.stopping().patience()).isZero();
        assertThat(none.preset().lines()).contains("early stopping: off, no dev rows");
        assertThat(Preset.CNN.settings(new PresetData(500, 0, 0, 1, 28, 28, 3), 1).preset().lines()).contains(
                "network: 3x3 convolutions of 16, 32, 64 channels (batch norm, ReLU, 2x2 max pooling),"
                        + " dropout 0.1, 128 units, dropout 0.1, 3 classes");
    }

    @Test
    void augmentationStartsAtTheMinimumSide() {
        int side = Preset.MIN_AUGMENT_SIDE;
        assertThat(Preset.MLP.settings(new PresetData(9000, 0, 0, 1, side, side, 10), 1).augment()).isTrue();
        assertThat(Preset.MLP.settings(new PresetData(9000, 0, 0, 1, side - 1, side + 20, 10), 1).augment()).isFalse();
        assertThat(Preset.MLP.settings(new PresetData(9000, 0, 0, 1, side + 20, side - 1, 10), 1).augment()).isFalse();
        assertThat(Preset.augmentation(side, 1000).alpha()).isEqualTo(9.9);   // capped for large images
    }
}
