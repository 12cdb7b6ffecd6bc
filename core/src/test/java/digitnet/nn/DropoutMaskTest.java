package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Inverted dropout against its definition, element by element: the mask is u >= p, scaled by
 * 1 / (1 - p), where the uniforms u come two from each output of a SplitMix64 stream (the JDK's
 * {@link SplittableRandom}, an independent implementation) seeded by one draw from the noise stream; backward multiplies by the same mask; with p = 0 or
 * at inference the layer passes its input and gradient through untouched.
 */
class DropoutMaskTest {
    private static Tensor ramp(int rows, int cols) {
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = i - 7.5f;
        }
        return t;
    }

    @Test
    void theMaskIsTheNoiseStreamsDrawsAtLeastPScaledByTheKeptShare() {
        double p = 0.3;
        Dropout d = new Dropout(Shape.of(2, 3, 3), p);
        d.setNoise(new Random(17));
        Tensor x = ramp(4, 18), dY = ramp(4, 18);
        Tensor y = d.forward(x, true);
        Tensor dX = d.backward(dY);
        SplittableRandom reference = new SplittableRandom(new Random(17).nextLong());
        float keep = 1f / (1f - (float) p);
        long z = 0;
        for (int i = 0; i < x.size(); i++) {
            z = i % 2 == 0 ? reference.nextLong() : z;
            float u = (i % 2 == 0 ? z >>> 40 : (z >>> 8) & 0xFFFFFF) * 0x1.0p-24f;
            float m = u >= (float) p ? keep : 0f;
            assertThat(d.mask().data[i]).as("mask[%d]", i).isEqualTo(m);
            assertThat(y.data[i]).as("y[%d]", i).isEqualTo(x.data[i] * m);
            assertThat(dX.data[i]).as("dX[%d]", i).isEqualTo(dY.data[i] * m);
        }
        assertThat(y).isNotSameAs(x);
        assertThat(dX).isNotSameAs(dY);
    }

    /**
     * A batch large enough to be split over the kernel threads (the Keras convnet's 64 x 1,600, and an odd size whose
     * last pair has one element): every element as the definition says, at 1 and 2 threads.
     */
    @Test
    void aMaskSplitOverTheThreadsIsTheSameStream() {
        int before = digitnet.tensor.Parallel.shared().threads();
        try {
            for (int threads : new int[] {1, 2}) {
                digitnet.tensor.Parallel.setThreads(threads);
                for (int cols : new int[] {1600, 1601}) {
                    Dropout d = new Dropout(cols, 0.5);
                    d.setNoise(new Random(5));
                    Tensor x = ramp(64, cols);
                    Tensor y = d.forward(x, true);
                    SplittableRandom reference = new SplittableRandom(new Random(5).nextLong());
                    long z = 0;
                    for (int i = 0; i < x.size(); i++) {
                        z = i % 2 == 0 ? reference.nextLong() : z;
                        float u = (i % 2 == 0 ? z >>> 40 : (z >>> 8) & 0xFFFFFF) * 0x1.0p-24f;
                        float m = u >= 0.5f ? 2f : 0f;
                        assertThat(d.mask().data[i]).as("%d threads, %d columns, mask[%d]", threads, cols, i).isEqualTo(m);
                        assertThat(y.data[i]).as("%d threads, %d columns, y[%d]", threads, cols, i).isEqualTo(x.data[i] * m);
                    }
                }
            }
        } finally {
            digitnet.tensor.Parallel.setThreads(before);
        }
    }

    @Test
    void oddSizesAndProbabilitiesOnTheThresholdFollowTheDefinition() {
        for (double p : new double[] {0.5, 0.25, 1.0 / 3, 0x1.0p-24, 1 - 0x1.0p-24}) {
            for (int n : new int[] {1, 2, 7, 1001}) {
                float[] mask = new float[n];
                Dropout.fillMask(mask, n, 42L + n, (float) p);
                SplittableRandom reference = new SplittableRandom(42L + n);
                float keep = 1f / (1f - (float) p);
                long z = 0;
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    z = i % 2 == 0 ? reference.nextLong() : z;
                    float u = (i % 2 == 0 ? z >>> 40 : (z >>> 8) & 0xFFFFFF) * 0x1.0p-24f;
                    assertThat(mask[i]).as("p %s, n %d, mask[%d]", p, n, i).isEqualTo(u >= (float) p ? keep : 0f);
                    kept += mask[i] != 0f ? 1 : 0;
                }
                if (n == 1001) {
                    assertThat(kept / 1001.0).as("kept share at p %s", p).isCloseTo(1 - p, within(0.06));
                }
            }
        }
    }

    @Test
    void aSmallerBatchUsesOnlyItsOwnRows() {
        Dropout d = new Dropout(5, 0.5);
        d.setNoise(new Random(3));
        d.forward(ramp(6, 5), true);
        Tensor y = d.forward(ramp(2, 5), true);
        assertThat(y.rows()).isEqualTo(2);
        assertThat(d.backward(ramp(2, 5)).rows()).isEqualTo(2);
    }

    @Test
    void inferenceAndZeroProbabilityPassEverythingThrough() {
        Dropout off = new Dropout(4, 0.0);
        Tensor x = ramp(3, 4);
        assertThat(off.forward(x, true)).isSameAs(x);
        assertThat(off.backward(x)).isSameAs(x);

        Dropout d = new Dropout(4, 0.5);
        d.forward(x, true);
        assertThat(d.forward(x, false)).isSameAs(x);
        assertThat(d.backward(x)).isSameAs(x);          // the gradient of the inference pass just made
    }

    @Test
    void theProbabilityMustBeInZeroInclusiveToOneExclusive() {
        assertThatThrownBy(() -> new Dropout(4, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1), got 1.0");
        assertThatThrownBy(() -> new Dropout(4, -0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Dropout(4, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new Dropout(4, 0.0)).doesNotThrowAnyException();
        Dropout d = new Dropout(Shape.of(3, 2, 2), 0.25);
        assertThat(d.probability()).isEqualTo(0.25);
        assertThat(d.inputShape()).isEqualTo(Shape.of(3, 2, 2));
        assertThat(d.outputShape()).isEqualTo(Shape.of(3, 2, 2));
        assertThat(d.kind()).isEqualTo("dropout");
    }
}
