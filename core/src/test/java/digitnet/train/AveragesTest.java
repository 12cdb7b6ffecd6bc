package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parameter averaging's arithmetic: {@link Averages#weightedMean} against an exact (BigDecimal) weighted
 * mean on seeded random cases, one part given back bit for bit, and the optimizer state's flat copy
 * ({@link OptimizerState#readSlots}, {@link OptimizerState#writeSlots}) continuing a run exactly.
 */
class AveragesTest {

    @Test
    void isTheExactWeightedMeanRoundedToFloatOnRandomCases() {
        Random random = new Random(25);
        for (int trial = 0; trial < 200; trial++) {
            int parts = 1 + random.nextInt(5), n = 1 + random.nextInt(40);
            List<float[]> xs = new ArrayList<>();
            long[] weights = new long[parts];
            for (int i = 0; i < parts; i++) {
                float[] x = new float[n];
                for (int j = 0; j < n; j++) {
                    x[j] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
                }
                xs.add(x);
                weights[i] = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5000);
            }
            weights[random.nextInt(parts)] = 1 + random.nextInt(5000);
            float[] out = new float[n];
            Averages.weightedMean(xs, weights, n, out);
            for (int j = 0; j < n; j++) {
                BigDecimal sum = BigDecimal.ZERO, total = BigDecimal.ZERO;
                for (int i = 0; i < parts; i++) {
                    sum = sum.add(new BigDecimal(xs.get(i)[j]).multiply(BigDecimal.valueOf(weights[i])));
                    total = total.add(BigDecimal.valueOf(weights[i]));
                }
                double exact = sum.divide(total, MathContext.DECIMAL128).doubleValue();
                // double sums of a few terms: at most one float rounding step from the exact mean
                assertThat(Math.abs(out[j] - exact)).as("trial %d, element %d", trial, j)
                        .isLessThanOrEqualTo(Math.ulp((float) exact) + 1e-30 + 1e-12 * maxAbs(xs, j));
            }
        }
    }

    @Test
    void onePartComesBackBitForBitWhateverItsWeight() {
        float[] x = {1.1f, -0.0f, 0.0f, Float.MIN_VALUE, -3.4e38f, 1e-30f, 0.3333333f};
        for (long w : new long[] {1, 3, 2500, 1_000_003, Integer.MAX_VALUE}) {
            float[] out = new float[x.length];
            Averages.weightedMean(List.of(x), new long[] {w}, x.length, out);
            for (int j = 0; j < x.length; j++) {
                assertThat(Float.floatToRawIntBits(out[j])).as("weight %d, element %d", w, j)
                        .isEqualTo(Float.floatToRawIntBits(x[j]));
            }
        }
    }

    @Test
    void aPartOfWeightZeroCountsForNothingAndEqualWeightsGiveTheMidpoint() {
        float[] out = new float[2];
        Averages.weightedMean(List.of(new float[] {5f, 7f}, new float[] {100f, -1f}), new long[] {3, 0}, 2, out);
        assertThat(out).containsExactly(5f, 7f);
        Averages.weightedMean(List.of(new float[] {1f, -2f}, new float[] {3f, 2f}), new long[] {10, 10}, 2, out);
        assertThat(out).containsExactly(2f, 0f);
        Averages.weightedMean(List.of(new float[] {0f}, new float[] {4f}), new long[] {1, 3}, 1, out);
        assertThat(out[0]).isEqualTo(3f);
    }

    @Test
    void refusesNoWeight() {
        float[] out = new float[1];
        assertThatThrownBy(() -> Averages.weightedMean(List.of(new float[] {1f}), new long[] {0}, 1, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Averages.weightedMean(List.of(new float[] {1f}, new float[] {1f}), new long[] {2, -1}, 1, out))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Averages.weightedMean(List.of(), new long[0], 1, out))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSlotsCopiedOutAndBackContinueTheRunBitForBit() {
        for (OptimizerSettings settings : List.of(OptimizerSettings.adam(0.01), OptimizerSettings.of(OptimizerSettings.Kind.MOMENTUM, 0.1),
                OptimizerSettings.adamw(0.01, 0.1), OptimizerSettings.sgd(0.1))) {
            List<Parameter> a = params(), b = params();
            OptimizerState first = (OptimizerState) settings.create(), second = (OptimizerState) settings.create();
            Random random = new Random(7);
            for (int step = 0; step < 3; step++) {
                gradients(a, random);
                first.step(a);
            }
            float[] slots = new float[first.slotFloats(a)];
            assertThat(slots).hasSize(first.name().startsWith("adam") ? 2 * 7 : first.name().equals("sgd") ? 0 : 7);
            first.readSlots(a, slots);
            for (int i = 0; i < a.size(); i++) {
                b.get(i).value().copyFrom(a.get(i).value());
            }
            second.writeSlots(b, slots, first.steps());
            assertThat(second.steps()).isEqualTo(3);
            Random same = new Random(99), again = new Random(99);
            gradients(a, same);
            gradients(b, again);
            first.step(a);
            second.step(b);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).value().data).as(settings.kind() + " " + a.get(i).name()).isEqualTo(a.get(i).value().data);
            }
        }
    }

    private static List<Parameter> params() {
        Tensor w = new Tensor(2, 3), b = new Tensor(1, 1);
        Random random = new Random(1);
        for (int i = 0; i < 6; i++) {
            w.data[i] = (float) random.nextGaussian();
        }
        b.data[0] = 0.5f;
        return List.of(new Parameter("0.weight", w, new Tensor(2, 3)), new Parameter("0.bias", b, new Tensor(1, 1)));
    }

    private static void gradients(List<Parameter> params, Random random) {
        for (Parameter p : params) {
            for (int i = 0; i < p.grad().size(); i++) {
                p.grad().data[i] = (float) random.nextGaussian();
            }
        }
    }

    private static double maxAbs(List<float[]> xs, int j) {
        double m = 0;
        for (float[] x : xs) {
            m = Math.max(m, Math.abs(x[j]));
        }
        return m;
    }
}
