package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cnn under a time budget: the fast recipe sized from the rows, the budget and the measured speed. */
class BudgetPlanTest {

    static PresetData data(int trainRows, int channels, int height, int width, int classes) {
        return new PresetData(trainRows, 0, 0, channels, height, width, classes);
    }

    @Test
    void batchIsThePowerOfTwoNearestRowsOver64WithinItsBounds() {
        assertThat(BudgetPlan.batch(8_000)).isEqualTo(128);     // 125 -> 128
        assertThat(BudgetPlan.batch(60_000)).isEqualTo(256);    // capped
        assertThat(BudgetPlan.batch(16_000)).isEqualTo(256);    // 250 -> 256
        assertThat(BudgetPlan.batch(6_000)).isEqualTo(64);      // 93.75 is under 1.5 x 64
        assertThat(BudgetPlan.batch(6_200)).isEqualTo(128);     // 96.9 is past it
        assertThat(BudgetPlan.batch(3_000)).isEqualTo(32);
        assertThat(BudgetPlan.batch(100)).isEqualTo(32);        // floor
    }

    /** The probe times batches of PROBE_BATCH rows whatever the plan's batch: one measurement per image shape. */
    @Test
    void plansOfOtherBatchesShareTheProbesOneMeasurement() {
        BudgetPlan small = BudgetPlan.of(data(8_000, 1, 12, 12, 7), 20), large = BudgetPlan.of(data(16_000, 1, 12, 12, 7), 20);
        assertThat(small.batch()).isEqualTo(128);
        assertThat(large.batch()).isEqualTo(256);
        assertThat(small.referenceSpeed()).isEqualTo(large.referenceSpeed()).isPositive();
    }

    @Test
    void multiplyAddsCountTheConvolutionsAndLinearLayersOfTheRecipe() {
        PresetData digits = data(8_000, 1, 28, 28, 10);
        // conv 16 5x5 -> 24x24: 16*576*25; pool 12; conv 32 3x3 -> 10x10: 32*100*16*9; linear 800*256; 256*10
        long expected = 16L * 576 * 25 + 32L * 100 * 16 * 9 + 800L * 256 + 256L * 10;
        assertThat(BudgetPlan.multiplyAdds(BudgetPlan.layers(16, digits), digits)).isEqualTo(expected);
        // colour doubles nothing but the first convolution's inputs
        PresetData colour = data(8_000, 3, 28, 28, 10);
        assertThat(BudgetPlan.multiplyAdds(BudgetPlan.layers(16, colour), colour) - expected).isEqualTo(2 * 16L * 576 * 25);
    }

    @Test
    void theNetworkFitsSmallLargeAndOblongImages() {
        for (int[] hw : new int[][] {{8, 8}, {12, 30}, {19, 19}, {20, 20}, {28, 28}, {64, 48}}) {
            PresetData d = data(1_000, 3, hw[0], hw[1], 7);
            List<LayerSpec> items = BudgetPlan.layers(8, d);
            assertThatCode(() -> LayerList.of(Shape.of(3, hw[0], hw[1]), items, 7)).doesNotThrowAnyException();
            boolean padded = ((LayerSpec.Conv) items.get(0)).padding() > 0;
            assertThat(padded).as("%dx%d", hw[0], hw[1]).isEqualTo(Math.min(hw[0], hw[1]) < BudgetPlan.VALID_SIDE);
        }
    }

    @Test
    void aLongerBudgetNeverChoosesANarrowerNetworkAndEpochsStayInBounds() {
        PresetData d = data(16_000, 1, 16, 16, 10);
        int lastWidth = 0;
        for (double seconds : new double[] {0.001, 1, 10, 100, 1e4, 1e7}) {
            BudgetPlan p = BudgetPlan.of(d, seconds);
            assertThat(p.width()).isIn(8, 16, 32, 64).isGreaterThanOrEqualTo(lastWidth);
            assertThat(p.epochs()).isBetween(1, BudgetPlan.MAX_EPOCHS)    // three times the predicted, so that the budget ends the run
                    .isEqualTo((int) Math.max(1, Math.min(BudgetPlan.MAX_EPOCHS, Math.round(3 * p.imagesPerSecond() * seconds / 16_000))));
            assertThat(p.batch()).isEqualTo(256);
            assertThat(p.learningRate()).isEqualTo(BudgetPlan.RATE);
            lastWidth = p.width();
        }
        assertThat(BudgetPlan.of(d, 0.001).width()).isEqualTo(BudgetPlan.WIDTHS[0]);
        assertThat(BudgetPlan.of(d, 0.001).epochs()).isEqualTo(1);
        BudgetPlan ample = BudgetPlan.of(d, 1e7);
        assertThat(ample.width()).isEqualTo(64);
        assertThat(ample.epochs()).isEqualTo(BudgetPlan.MAX_EPOCHS);
        // the chosen width is predicted to fit MIN_EPOCHS: speed x seconds / rows
        BudgetPlan p = BudgetPlan.of(d, 10);
        if (p.width() > BudgetPlan.WIDTHS[0]) {
            assertThat(p.imagesPerSecond() * 10 / d.trainRows()).isGreaterThanOrEqualTo(BudgetPlan.MIN_EPOCHS);
        }
        assertThat(p.imagesPerSecond()).isPositive();
    }

    @Test
    void cnnUnderABudgetTrainsTheRecipeAndSaysWhy() {
        PresetData d = new PresetData(8_000, 1_000, 0, 1, 28, 28, 10);
        Settings s = Preset.CNN.settings(d, 3, 20);
        BudgetPlan p = BudgetPlan.of(d, 20);
        assertThat(s.network()).isEqualTo(new NetworkSpec.Layers(BudgetPlan.layers(p.width(), d)));
        assertThat(s.optimizer().kind()).isEqualTo(OptimizerSettings.Kind.ADAM);
        assertThat(s.optimizer().learningRate()).isEqualTo(p.learningRate());
        assertThat(s.schedule()).isEqualTo(new Schedule.Cosine(p.epochs() / 4.0));
        assertThat(s.steps().batchSize()).isEqualTo(p.batch());
        assertThat(s.steps().epochs()).isEqualTo(p.epochs());
        assertThat(s.stopping().maxSeconds()).isEqualTo(20);
        assertThat(s.stopping().patience()).isEqualTo(Math.max(10, p.epochs() / 2));
        assertThat(s.augment()).isTrue();
        assertThat(s.labelSmoothing()).isEqualTo(0.1);
        assertThat(s.seed()).isEqualTo(3);
        assertThat(String.join("\n", s.preset().lines()))
                .contains("one cycle", "time budget of 20 s", "width " + p.width(), "training rows / 64", "label smoothing 0.1");
        // accurate resolves to the same; without a budget cnn keeps its own network; mlp ignores the budget
        assertThat(Preset.ACCURATE.settings(d, 3, 20).network()).isEqualTo(s.network());
        assertThat(Preset.CNN.settings(d, 3, 0).network()).isEqualTo(Preset.CNN.settings(d, 3).network())
                .isNotEqualTo(s.network());
        assertThat(Preset.MLP.settings(d, 3, 20)).isEqualTo(Preset.MLP.settings(d, 3));
        // one-hot targets everywhere else
        assertThat(Preset.CNN.settings(d, 3, 0).labelSmoothing()).isZero();
        assertThat(Preset.MLP.settings(d, 3, 20).labelSmoothing()).isZero();
        assertThat(Preset.SEED.settings(d, 3).labelSmoothing()).isZero();
    }
}
