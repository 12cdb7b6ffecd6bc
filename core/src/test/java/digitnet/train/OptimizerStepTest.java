package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.nn.Parameter;
import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each optimizer against two hand-computed update steps. The expected numbers come from
 * src/test/python/optimizer_reference.py (the papers' formulas in float64 numpy).
 */
class OptimizerStepTest {
    static final double LR = 0.1, MU = 0.9, B1 = 0.9, B2 = 0.999, WD = 0.1;

    /** Runs the two steps of the reference script; returns {w0, w1, b0}. */
    static float[] twoSteps(Optimizer opt) {
        Tensor w = new Tensor(1, 2, new float[] {1.0f, -2.0f}), dw = new Tensor(1, 2);
        Tensor b = new Tensor(1, 1, new float[] {0.5f}), db = new Tensor(1, 1);
        List<Parameter> params = List.of(new Parameter("0.weight", w, dw), new Parameter("0.bias", b, db));
        float[][][] grads = {{{0.5f, 0.25f}, {-1.0f}}, {{-0.25f, 1.0f}, {0.5f}}};
        for (float[][] g : grads) {
            System.arraycopy(g[0], 0, dw.data, 0, 2);
            System.arraycopy(g[1], 0, db.data, 0, 1);
            opt.step(params);
        }
        return new float[] {w.data[0], w.data[1], b.data[0]};
    }

    static void assertStep(Optimizer opt, double w0, double w1, double b0) {
        float[] got = twoSteps(opt);
        assertThat((double) got[0]).isCloseTo(w0, within(2e-6));
        assertThat((double) got[1]).isCloseTo(w1, within(2e-6));
        assertThat((double) got[2]).isCloseTo(b0, within(2e-6));
    }

    @Test
    void sgdMatchesTheFormula() {
        // step 1: w0 = 1 - 0.1 (0.5 + 0.1 * 1) = 0.94; step 2: 0.94 - 0.1 (-0.25 + 0.094) = 0.9556
        assertStep(new Sgd(LR, WD), 0.955600000, -2.084950000, 0.550000000);
    }

    @Test
    void momentumMatchesTheFormula() {
        assertStep(new Momentum(LR, MU, WD), 0.901600000, -2.089450000, 0.640000000);
    }

    @Test
    void nesterovMatchesTheFormula() {
        assertStep(new Nesterov(LR, MU, WD), 0.868066000, -2.165369500, 0.676000000);
    }

    /**
     * A unit that stops learning (gradient 0 from then on) has its moments or velocity decay
     * geometrically; they must go to 0 without passing through subnormal floats (x86 computes those
     * about a hundred times slower: the dense-image Adam bench epoch took 1.29 s instead of 0.36), and the
     * first moment or velocity without making the step lr x m subnormal either (below Ops.MOMENT_FLOOR: the
     * first epoch of that bench took 0.45 s instead of 0.37).
     * 37 values: whole vectors and a tail.
     */
    @Test
    void aStoppedUnitsStateGoesToZeroWithoutSubnormals() {
        for (Optimizer opt : List.of(new Adam(0.001, B1, B2, 0), new AdamW(0.001, B1, B2, 0), new Momentum(LR, MU, 0),
                new Nesterov(LR, MU, 0))) {
            Tensor w = new Tensor(1, 37), dw = new Tensor(1, 37);
            List<Parameter> params = List.of(new Parameter("0.weight", w, dw));
            java.util.Arrays.fill(dw.data, 1f);
            opt.step(params);
            java.util.Arrays.fill(dw.data, 0f);
            for (int step = 0; step < 3000; step++) {
                opt.step(params);
                for (var e : ((OptimizerState) opt).exportState(params).entrySet()) {
                    for (int i = 0; i < 37 && !e.getKey().endsWith("step"); i++) {
                        float s = e.getValue().data[i];
                        // the first moment or velocity, which the step multiplies by lr, stays above MOMENT_FLOOR
                        float floor = e.getKey().endsWith(".v") ? Float.MIN_NORMAL : Ops.MOMENT_FLOOR;
                        assertThat(s == 0 || Math.abs(s) >= floor)
                                .as("%s %s[%d] at step %d: %s", opt.name(), e.getKey(), i, step, s).isTrue();
                    }
                }
            }
            var state = ((OptimizerState) opt).exportState(params);
            String decaying = opt.name().startsWith("adam") ? "optimizer.0.weight.m" : "optimizer.0.weight.velocity";
            assertThat(state.get(decaying).data[36]).as("%s %s after 3,000 steps", opt.name(), decaying).isZero();
        }
    }

    @Test
    void adamMatchesTheFormula() {
        assertStep(new Adam(LR, B1, B2, WD), 0.854441367, -2.178495512, 0.626633703);
    }

    @Test
    void adamWDecaysTheWeightsOutsideTheMoments() {
        assertStep(new AdamW(LR, B1, B2, WD), 0.854466299, -2.147637644, 0.626633703);
    }

    @Test
    void sgdWithoutDecayIsTheNotebookUpdate() {
        // w := w - alpha dw, twice: 1 - 0.1 * 0.5 + 0.1 * 0.25 = 0.975
        float[] got = twoSteps(new Sgd(LR));
        assertThat(got[0]).isEqualTo(1.0f - 0.1f * 0.5f - 0.1f * -0.25f);
    }

    @Test
    void stateRoundTripsThroughNamedTensors() {
        Adam a = new Adam(LR, B1, B2, WD);
        twoSteps(a);
        Tensor w = new Tensor(1, 2), b = new Tensor(1, 1);
        List<Parameter> params = List.of(new Parameter("0.weight", w, new Tensor(1, 2)),
                new Parameter("0.bias", b, new Tensor(1, 1)));
        var state = a.exportState(params);
        assertThat(state).containsKeys("optimizer.step", "optimizer.0.weight.m", "optimizer.0.weight.v",
                "optimizer.0.bias.m", "optimizer.0.bias.v");
        assertThat(state.get("optimizer.step").data[0]).isEqualTo(2f);
        Adam copy = new Adam(LR, B1, B2, WD);
        copy.importState(params, state);
        assertThat(copy.steps()).isEqualTo(2);
        assertThat(copy.exportState(params).get("optimizer.0.weight.v").data)
                .containsExactly(state.get("optimizer.0.weight.v").data);
    }
}
