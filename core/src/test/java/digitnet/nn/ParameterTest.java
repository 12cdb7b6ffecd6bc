package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A parameter kept transposed shows the state dict's layout to the model file, and only that. */
class ParameterTest {

    @Test
    void aLinearLayerKeepsWTransposedAndShowsWByUnit() {
        Dense d = new Dense(3, 2, false);
        Tensor w = new Tensor(2, 3, new float[] {1, 2, 3, 4, 5, 6});     // unit 0: 1 2 3; unit 1: 4 5 6
        d.setWeightByUnit(w);
        Parameter p = d.parameters().get(0);
        assertThat(p.transposed()).isTrue();
        assertThat(p.value().rows()).isEqualTo(3);
        assertThat(p.value().get(2, 1)).isEqualTo(6f);                    // W^T[in 2, unit 1] = W[1, 2]
        Tensor state = p.toState(p.value());
        assertThat(state.rows()).isEqualTo(2);
        assertThat(java.util.Arrays.copyOf(state.data, 6)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(java.util.Arrays.copyOf(d.weightByUnit().data, 6)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.stateShape("weight", p.value())).containsExactly(2, 3);

        // y = x W^T + b for x = (1, 0, -1): unit 0 gives 1 - 3, unit 1 gives 4 - 6
        Tensor y = d.forward(new Tensor(1, 3, new float[] {1, 0, -1}), false);
        assertThat(y.get(0, 0)).isEqualTo(-2f);
        assertThat(y.get(0, 1)).isEqualTo(-2f);
    }

    @Test
    void fromStateUndoesToStateForKeptAndTransposedLayouts() {
        Tensor value = new Tensor(2, 3, new float[] {1, 2, 3, 4, 5, 6}), grad = new Tensor(2, 3);
        for (boolean transposed : new boolean[] {false, true}) {
            Parameter p = new Parameter("w", value, grad, transposed);
            Tensor state = p.toState(value);
            assertThat(state.rows()).isEqualTo(transposed ? 3 : 2);
            Tensor back = new Tensor(2, 3);
            p.fromState(state, back);
            assertThat(java.util.Arrays.copyOf(back.data, 6)).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(p.renamed("v").transposed()).isEqualTo(transposed);
        }
        Parameter p = new Parameter("w", value, grad, true);
        assertThatThrownBy(() -> p.fromState(new Tensor(1, 5), new Tensor(2, 3))).hasMessageContaining("w: 5 values");
        assertThatThrownBy(() -> p.toState(new Tensor(3, 2))).hasMessageContaining("w.toState: (3, 2)");
    }

    @Test
    void fromStateAndToStateRefuseATensorOfAnotherShapeEvenWithAsManyValues() {
        Tensor value = new Tensor(2, 3), grad = new Tensor(2, 3);
        for (boolean transposed : new boolean[] {false, true}) {
            Parameter p = new Parameter("w", value, grad, transposed);
            Tensor state = p.toState(value);
            assertThatThrownBy(() -> p.fromState(state, new Tensor(3, 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w.fromState: (3, 2)");
            assertThatThrownBy(() -> p.toState(new Tensor(3, 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w.toState: (3, 2)");
            assertThatThrownBy(() -> p.fromState(new Tensor(1, 5), new Tensor(2, 3)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 values for a tensor of 6");
        }
    }

    @Test
    void aLinearLayerNeedsAtLeastOneInputAndOneUnit() {
        assertThat(new Dense(1, 1, true).parameters()).hasSize(2);
        assertThatThrownBy(() -> new Dense(0, 3, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dense(3, 0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dense(-1, 3, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
