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
        Evaluation e = Evaluation.of(labels, predicted, 0.25, 3);
        assertThat(e.count()).isEqualTo(6);
        assertThat(e.accuracy()).isEqualTo(4.0 / 6);
        assertThat(e.loss()).isEqualTo(0.25);
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

    /** One loss and one count of correct predictions: evaluating agrees with scoring, and with -mean log p[label]. */
    @Test
    void evaluatingANetworkScoresItAsThePredictorDoes() {
        digitnet.testing.SmallModel m = digitnet.testing.SmallModel.get();
        digitnet.data.Dataset dev = m.outcome.dev();
        Evaluation e = Evaluation.of(m.outcome.network(), dev);
        digitnet.nn.Predictor.Score s = new digitnet.nn.Predictor(m.outcome.network()).score(dev);
        assertThat(e.loss()).isEqualTo(s.loss());
        assertThat(e.accuracy()).isEqualTo(s.accuracy());
        int[] predicted = new int[dev.count()];
        float[] probs = new float[dev.count() * 10];
        new digitnet.nn.Predictor(m.outcome.network()).predict(dev, predicted, probs);
        double logs = 0;
        int right = 0;
        for (int i = 0; i < dev.count(); i++) {
            logs -= Math.log(probs[i * 10 + dev.labels()[i]]);
            right += predicted[i] == dev.labels()[i] ? 1 : 0;
        }
        assertThat(e.loss()).isCloseTo(logs / dev.count(), within(1e-5));
        assertThat(e.accuracy()).isEqualTo((double) right / dev.count());
    }

    @Test
    void classNeverPredictedHasZeroPrecisionNotNaN() {
        Evaluation e = Evaluation.of(new int[] {0, 1}, new int[] {0, 0}, Double.NaN, 2);
        assertThat(e.perClass().get(1).precision()).isZero();
        assertThat(e.perClass().get(1).f1()).isZero();
        assertThat(e.loss()).isNaN();
    }

    @Test
    void inconsistentInputsAreRefused() {
        assertThatThrownBy(() -> Evaluation.of(new int[] {0, 3}, new int[] {0, 0}, Double.NaN, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
        assertThatThrownBy(() -> Evaluation.of(new int[] {0}, new int[] {0, 1}, Double.NaN, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
