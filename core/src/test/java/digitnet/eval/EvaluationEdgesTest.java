package digitnet.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluation at its edges: labels at both ends of 0..classes-1, no rows, a class never seen, unlabelled data. */
class EvaluationEdgesTest {
    @Test
    void labelsAndPredictionsMustLieInZeroToClassesMinusOne() {
        assertThat(Evaluation.of(new int[] {0, 2}, new int[] {2, 0}, Double.NaN, 3).count()).isEqualTo(2);
        assertThatThrownBy(() -> Evaluation.of(new int[] {3}, new int[] {0}, Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 3 or prediction 0 of row 0 is outside 0..2");
        assertThatThrownBy(() -> Evaluation.of(new int[] {0}, new int[] {3}, Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Evaluation.of(new int[] {-1}, new int[] {0}, Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Evaluation.of(new int[] {0}, new int[] {-1}, Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noRowsGiveAnUnknownAccuracyAndZerosEverywhereElse() {
        Evaluation e = Evaluation.of(new int[0], new int[0], Double.NaN, 2);
        assertThat(e.count()).isZero();
        assertThat(e.accuracy()).isNaN();
        assertThat(e.perClass()).allSatisfy(s -> {
            assertThat(s.precision()).isZero();
            assertThat(s.recall()).isZero();
            assertThat(s.f1()).isZero();
            assertThat(s.support()).isZero();
        });
    }

    @Test
    void aClassNeverPresentHasZeroRecallAndItsOwnIndex() {
        // class 2 is predicted once but never the label: precision 0, recall 0 (no support), F1 0
        Evaluation e = Evaluation.of(new int[] {0, 1, 1}, new int[] {0, 1, 2}, Double.NaN, 3);
        Evaluation.ClassStats two = e.perClass().get(2);
        assertThat(two.label()).isEqualTo(2);
        assertThat(two.support()).isZero();
        assertThat(two.recall()).isZero();
        assertThat(two.precision()).isZero();
        assertThat(two.f1()).isZero();
        assertThat(e.perClass()).extracting(Evaluation.ClassStats::label).containsExactly(0, 1, 2);
        assertThat(e.perClass().get(1).recall()).isEqualTo(0.5);
        assertThat(e.perClass().get(1).precision()).isEqualTo(1.0);
        assertThat(e.perClass().get(1).f1()).isEqualTo(2 * 0.5 / 1.5);
        assertThat(e.accuracy()).isEqualTo(2.0 / 3);
    }

    @Test
    void anUnlabelledDataSetIsRefusedNamingItsSource() {
        Network n = Network.initialised(Architecture.of(4, List.of(), 2), Init.HE, 1);
        Dataset unlabelled = new Dataset(new byte[8], null, 2, 2, 2, 2, "pictures.csv");
        assertThatThrownBy(() -> Evaluation.of(n, unlabelled)).isInstanceOf(InputException.class)
                .hasMessageStartingWith("pictures.csv: has no labels");
    }
}
