package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each initialisation's distribution against its paper's numbers, measured on 40,000 draws: range,
 * mean and variance (the sample moments are within a few standard errors of the true ones), and the
 * biases it promises.
 */
class InitTest {
    private static final int FAN_IN = 50, FAN_OUT = 800;

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double variance(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) {
            s += (x - m) * (x - m);
        }
        return s / v.length;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** A weight (out, in) and a bias (1, out) already holding 7s, so that "left as it was" is visible. */
    private static Tensor[] initialised(Init init, long seed) {
        Tensor w = new Tensor(FAN_OUT, FAN_IN), b = new Tensor(1, FAN_OUT);
        w.fill(7f);
        b.fill(7f);
        init.apply(w, b, FAN_IN, FAN_OUT, new Random(seed));
        return new Tensor[] {w, b};
    }

    @Test
    void uniformFillsWeightsAndBiasesInPlusMinusOneHalf() {
        Tensor[] t = initialised(Init.UNIFORM, 1);
        for (Tensor x : t) {
            assertThat(maxAbs(x.data)).isLessThanOrEqualTo(0.5).isGreaterThan(0.49);
            assertThat(mean(x.data)).isCloseTo(0, within(0.03));
        }
        // uniform on [-a, a] has variance a^2 / 3
        assertThat(variance(t[0].data)).isCloseTo(0.25 / 3, within(0.004));
        assertThat(variance(t[1].data)).isCloseTo(0.25 / 3, within(0.02));
    }

    @Test
    void heDrawsNormalWeightsOfVarianceTwoOverFanInAndZeroBiases() {
        Tensor[] t = initialised(Init.HE, 2);
        assertThat(mean(t[0].data)).isCloseTo(0, within(0.01));
        assertThat(variance(t[0].data)).isCloseTo(2.0 / FAN_IN, within(0.04 * 2.0 / FAN_IN));
        // a normal sample of 40,000 reaches beyond 3 standard deviations, a uniform one never does
        assertThat(maxAbs(t[0].data)).isGreaterThan(3 * Math.sqrt(2.0 / FAN_IN));
        assertThat(t[1].data).containsOnly(0f);
    }

    @Test
    void xavierDrawsUniformWeightsWithinGlorotsLimitAndZeroBiases() {
        Tensor[] t = initialised(Init.XAVIER, 3);
        double limit = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        assertThat(maxAbs(t[0].data)).isLessThanOrEqualTo(limit).isGreaterThan(0.99 * limit);
        assertThat(mean(t[0].data)).isCloseTo(0, within(0.01 * limit));
        assertThat(variance(t[0].data)).isCloseTo(limit * limit / 3, within(0.04 * limit * limit / 3));
        assertThat(t[1].data).containsOnly(0f);
    }

    @Test
    void aSeedFixesTheWeights() {
        for (Init init : Init.values()) {
            assertThat(initialised(init, 9)[0].data).isEqualTo(initialised(init, 9)[0].data);
            assertThat(initialised(init, 9)[0].data).isNotEqualTo(initialised(init, 10)[0].data);
        }
    }

    @Test
    void idsAreTheLowerCaseNames() {
        assertThat(Init.UNIFORM.id()).isEqualTo("uniform");
        assertThat(Init.HE.id()).isEqualTo("he");
        assertThat(Init.XAVIER.id()).isEqualTo("xavier");
    }
}
