package digitnet.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EvaluationTest {
    @Test
    void handComputedThreeClassCase() {
        int[] labels = {0, 0, 1, 1, 2, 2};
        int[] predicted = {0, 1, 1, 1, 0, 2};
        float[] p = {
                0.8f, 0.1f, 0.1f,
                0.4f, 0.5f, 0.1f,
                0.2f, 0.7f, 0.1f,
                0.1f, 0.8f, 0.1f,
                0.5f, 0.2f, 0.3f,
                0.1f, 0.1f, 0.8f};
        Evaluation e = Evaluation.of(labels, predicted, p, 3);
        assertThat(e.count()).isEqualTo(6);
        assertThat(e.accuracy()).isEqualTo(4.0 / 6);
        double loss = -(Math.log(0.8f) + Math.log(0.4f) + Math.log(0.7f) + Math.log(0.8f) + Math.log(0.3f) + Math.log(0.8f)) / 6;
        assertThat(e.loss()).isCloseTo(loss, within(1e-9));
        assertThat(e.confusion()).isEqualTo(new int[][] {{1, 1, 0}, {0, 2, 0}, {1, 0, 1}});
        // class 0: predicted twice, right once; 2 true -> P 1/2, R 1/2
        // class 1: predicted 3 times, right twice; 2 true -> P 2/3, R 1, F1 0.8
        // class 2: predicted once, right; 2 true -> P 1, R 1/2, F1 2/3
        assertThat(e.perClass().get(0).precision()).isEqualTo(0.5);
        assertThat(e.perClass().get(1).precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(e.perClass().get(1).recall()).isEqualTo(1.0);
        assertThat(e.perClass().get(1).f1()).isCloseTo(0.8, within(1e-12));
        assertThat(e.perClass().get(2).f1()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(e.perClass()).allSatisfy(s -> assertThat(s.support()).isEqualTo(2));
    }

    @Test
    void classNeverPredictedHasZeroPrecisionNotNaN() {
        Evaluation e = Evaluation.of(new int[] {0, 1}, new int[] {0, 0}, null, 2);
        assertThat(e.perClass().get(1).precision()).isZero();
        assertThat(e.perClass().get(1).f1()).isZero();
        assertThat(e.loss()).isNaN();
    }

    @Test
    void inconsistentInputsAreRefused() {
        assertThatThrownBy(() -> Evaluation.of(new int[] {0, 3}, new int[] {0, 0}, null, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> Evaluation.of(new int[] {0}, new int[] {0}, new float[3], 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
