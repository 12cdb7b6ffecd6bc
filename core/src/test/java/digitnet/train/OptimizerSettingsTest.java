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
class OptimizerSettingsTest {
    @Test
    void kindsAreReadByTheirLowerCaseIdInAnyCase() {
        for (OptimizerSettings.Kind k : OptimizerSettings.Kind.values()) {
            assertThat(OptimizerSettings.Kind.parse(k.id())).isEqualTo(k);
            assertThat(OptimizerSettings.Kind.parse(k.id().toUpperCase(java.util.Locale.ROOT))).isEqualTo(k);
        }
        assertThat(OptimizerSettings.Kind.ADAMW.id()).isEqualTo("adamw");
        assertThatThrownBy(() -> OptimizerSettings.Kind.parse("rmsprop")).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("OptimizerSettings.kind").hasMessageContaining("got 'rmsprop'");
    }

    @Test
    void momentumBetasAndDecayAreCheckedAtTheirEdges() {
        assertThatCode(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0, 0, 0, 0)).doesNotThrowAnyException();
        assertThatCode(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.999, 0.999, 0.999, 5)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 1, 0.9, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, -0.1, 0.9, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.9, 1, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.9, 0.9, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.9, -0.5, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.9, 0.9, 0.999, -1e-9))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("OptimizerSettings.weightDecay");
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.9, 0.9, 0.999, Double.POSITIVE_INFINITY))
                .isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.9, 0.9, 0.999, Double.NaN))
                .isInstanceOf(InvalidSettingException.class);
        assertThatThrownBy(() -> new OptimizerSettings(null, 0.1, 0.9, 0.9, 0.999, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OptimizerSettings.sgd(0)).hasMessageStartingWith("OptimizerSettings.learningRate must be");
        assertThatThrownBy(() -> OptimizerSettings.sgd(Double.NaN)).hasMessageStartingWith("OptimizerSettings.learningRate");
        assertThatThrownBy(() -> OptimizerSettings.sgd(Double.POSITIVE_INFINITY)).hasMessageStartingWith("OptimizerSettings.learningRate");
    }

    /**
     * One step from w = 1 with gradient 0.5, learning rate 0.1, momentum 0.5, betas 0.9 / 0.999, no decay:
     * SGD, momentum and Nesterov (PyTorch's forms) and Adam's bias-corrected first step, by hand.
     */
    @Test
    void eachKindBuildsItsOwnUpdate() {
        assertThat(firstStep(OptimizerSettings.Kind.SGD)).isEqualTo(1 - 0.1f * 0.5f);                    // w - lr g
        assertThat(firstStep(OptimizerSettings.Kind.MOMENTUM)).isEqualTo(1 - 0.1f * 0.5f);               // v = g on step 1
        assertThat((double) firstStep(OptimizerSettings.Kind.NESTEROV)).isCloseTo(1 - 0.1 * (0.5 + 0.5 * 0.5),
                org.assertj.core.api.Assertions.within(1e-6));                                           // g + mu v
        assertThat((double) firstStep(OptimizerSettings.Kind.ADAM)).isCloseTo(1 - 0.1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat((double) firstStep(OptimizerSettings.Kind.ADAMW)).isCloseTo(1 - 0.1, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(new OptimizerSettings(OptimizerSettings.Kind.ADAMW, 0.1, 0.5, 0.9, 0.999, 0).create().name())
                .isNotEqualTo(new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.1, 0.5, 0.9, 0.999, 0).create().name());
        assertThat(OptimizerSettings.sgd(0.1)).isEqualTo(new OptimizerSettings(OptimizerSettings.Kind.SGD, 0.1, 0.9, 0.9, 0.999, 0));
    }

    private static float firstStep(OptimizerSettings.Kind kind) {
        Optimizer o = new OptimizerSettings(kind, 0.1, 0.5, 0.9, 0.999, 0).create();
        Parameter p = new Parameter("0.weight", new Tensor(1, 1, new float[] {1}), new Tensor(1, 1, new float[] {0.5f}));
        o.step(List.of(p));
        assertThat(o.learningRate()).isEqualTo(0.1);
        return p.value().data[0];
    }
}
