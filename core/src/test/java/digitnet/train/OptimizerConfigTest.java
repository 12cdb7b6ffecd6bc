package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.InvalidSettingException;
import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizer settings: names read in any case, each range at both ends, and the optimizer each kind builds, by its first step. */
class OptimizerConfigTest {
    @Test
    void kindsAreReadByTheirLowerCaseIdInAnyCase() {
        for (OptimizerConfig.Kind k : OptimizerConfig.Kind.values()) {
            assertThat(OptimizerConfig.Kind.parse(k.id())).isEqualTo(k);
            assertThat(OptimizerConfig.Kind.parse(k.id().toUpperCase(java.util.Locale.ROOT))).isEqualTo(k);
        }
        assertThat(OptimizerConfig.Kind.ADAMW.id()).isEqualTo("adamw");
        assertThatThrownBy(() -> OptimizerConfig.Kind.parse("rmsprop")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("OptimizerConfig.kind").hasMessageContaining("got 'rmsprop'");
    }

    @Test
    void momentumBetasAndDecayAreCheckedAtTheirEdges() {
        assertThatCode(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0, 0, 0, 0)).doesNotThrowAnyException();
        assertThatCode(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.999, 0.999, 0.999, 5)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 1, 0.9, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, -0.1, 0.9, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, 1, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, 0.9, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, -0.5, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, 0.9, 0.999, -1e-9))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("OptimizerConfig.weightDecay");
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, 0.9, 0.999, Double.POSITIVE_INFINITY))
                .isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, 0.9, 0.999, Double.NaN))
                .isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> new OptimizerConfig(null, 0.9, 0.9, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * One step from w = 1 with gradient 0.5, learning rate 0.1, momentum 0.5, betas 0.9 / 0.999, no decay:
     * SGD, momentum and Nesterov (PyTorch's forms) and Adam's bias-corrected first step, by hand.
     */
    @Test
    void eachKindBuildsItsOwnUpdate() {
        assertThat(firstStep(OptimizerConfig.Kind.SGD)).isEqualTo(1 - 0.1f * 0.5f);                    // w - lr g
        assertThat(firstStep(OptimizerConfig.Kind.MOMENTUM)).isEqualTo(1 - 0.1f * 0.5f);               // v = g on step 1
        assertThat((double) firstStep(OptimizerConfig.Kind.NESTEROV)).isCloseTo(1 - 0.1 * (0.5 + 0.5 * 0.5),
                org.assertj.core.api.Assertions.within(1e-6));                                           // g + mu v
        assertThat((double) firstStep(OptimizerConfig.Kind.ADAM)).isCloseTo(1 - 0.1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((double) firstStep(OptimizerConfig.Kind.ADAMW)).isCloseTo(1 - 0.1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(new OptimizerConfig(OptimizerConfig.Kind.ADAMW, 0.5, 0.9, 0.999, 0).create(0.1).name())
                .isNotEqualTo(new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.5, 0.9, 0.999, 0).create(0.1).name());
        assertThat(OptimizerConfig.sgd()).isEqualTo(new OptimizerConfig(OptimizerConfig.Kind.SGD, 0.9, 0.9, 0.999, 0));
    }

    private static float firstStep(OptimizerConfig.Kind kind) {
        Optimizer o = new OptimizerConfig(kind, 0.5, 0.9, 0.999, 0).create(0.1);
        Parameter p = new Parameter("0.weight", new Tensor(1, 1, new float[] {1}), new Tensor(1, 1, new float[] {0.5f}));
        o.step(List.of(p));
        assertThat(o.learningRate()).isEqualTo(0.1);
        return p.value().data[0];
    }
}
