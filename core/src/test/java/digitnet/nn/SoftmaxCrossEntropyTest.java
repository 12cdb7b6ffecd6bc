package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SoftmaxCrossEntropyTest {
    @Test
    void largeLogitsDoNotOverflow() {
        Tensor z = new Tensor(1, 3, new float[] {1000f, 1001f, 999f});
        Tensor p = new Tensor(1, 3);
        SoftmaxCrossEntropy.softmax(z, p);
        double e0 = Math.exp(-1), e2 = Math.exp(-2), sum = e0 + 1 + e2;
        assertThat(p.data[0]).isCloseTo((float) (e0 / sum), within(1e-6f));
        assertThat(p.data[1]).isCloseTo((float) (1 / sum), within(1e-6f));
        assertThat(p.data[2]).isCloseTo((float) (e2 / sum), within(1e-6f));
    }

    @Test
    void oneHotUsesTheLabelIndexEvenWhenTheLargestClassIsAbsent() {
        // labels 0 and 1 only, 4 classes: the gradient of classes 2 and 3 is p / m, not shifted
        Tensor z = new Tensor(2, 4, new float[] {0, 0, 0, 0, 0, 0, 0, 0});
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        float l = loss.forward(z, new int[] {0, 1});
        assertThat(l).isCloseTo((float) Math.log(4), within(1e-6f));
        Tensor d = loss.backward();
        assertThat(java.util.Arrays.copyOf(d.data, d.size())).containsExactly(new float[] {-0.375f, 0.125f, 0.125f, 0.125f, 0.125f, -0.375f, 0.125f, 0.125f},
                within(1e-7f));
    }

    @Test
    void lossOverManyRowsEqualsTheMeanOfPerRowCrossEntropies() {
        // 3,000 rows of 50 classes: the product of row sums is logged and restarted many times
        int m = 3000, k = 50;
        java.util.Random random = new java.util.Random(5);
        Tensor z = new Tensor(m, k);
        int[] labels = new int[m];
        double expected = 0;
        for (int i = 0; i < m; i++) {
            labels[i] = random.nextInt(k);
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < k; j++) {
                z.data[i * k + j] = (float) (random.nextGaussian() * 4);
                max = Math.max(max, z.data[i * k + j]);
            }
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z.data[i * k + j] - max);
            }
            expected += Math.log(sum) - (z.data[i * k + labels[i]] - max);
        }
        float l = new SoftmaxCrossEntropy().forward(z, labels);
        assertThat((double) l).isCloseTo(expected / m, within(1e-5 * expected / m));
    }

    @Test
    void theRowMaximumIsSubtractedWhereverItStands() {
        // row i: 100 in column i, 99 in the next, -100 elsewhere. Shifted by anything but the maximum (the
        // first value, or the smallest), some exponent passes 88 and exp, clamped there, no longer tells 100 from 99
        int k = 4;
        Tensor z = new Tensor(k, k);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                z.data[i * k + j] = j == i ? 100f : j == (i + 1) % k ? 99f : -100f;
            }
        }
        Tensor p = new Tensor(k, k);
        SoftmaxCrossEntropy.softmax(z, p);
        for (int i = 0; i < k; i++) {
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z.data[i * k + c] - 100.0);
            }
            for (int j = 0; j < k; j++) {
                // exact reference in doubles: exp(z - max) / sum
                assertThat(p.data[i * k + j]).as("row %d, column %d", i, j)
                        .isCloseTo((float) (Math.exp(z.data[i * k + j] - 100.0) / sum), within(1e-6f));
            }
        }
    }

    /**
     * With label smoothing e the loss is -sum_j t_j log p_j for t = (1 - e) one-hot + e / K, computed here in
     * doubles, and the gradient is its derivative: central differences of that reference, on seeded random
     * logits. Without smoothing, the same rows give the plain cross-entropy and p - one-hot.
     */
    @Test
    void labelSmoothingsLossAndGradientAreThoseOfTheSmoothedTarget() {
        int m = 7, k = 5;
        java.util.Random random = new java.util.Random(11);
        Tensor z = new Tensor(m, k);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = random.nextInt(k);
            for (int j = 0; j < k; j++) {
                z.data[i * k + j] = (float) (random.nextGaussian() * 3);
            }
        }
        for (double e : new double[] {0, 0.1, 0.4}) {
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(e);
            float l = loss.forward(z, labels);
            assertThat((double) l).as("loss, e = %s", e).isCloseTo(smoothedLoss(z.data, labels, m, k, e), within(1e-5));
            Tensor d = loss.backward();
            for (int at = 0; at < m * k; at++) {
                double[] plus = toDoubles(z.data), minus = toDoubles(z.data);
                plus[at] += 1e-4;
                minus[at] -= 1e-4;
                double numeric = (smoothedLoss(plus, labels, m, k, e) - smoothedLoss(minus, labels, m, k, e)) / 2e-4;
                assertThat((double) d.data[at]).as("dLogits[%d], e = %s", at, e).isCloseTo(numeric, within(1e-5));
            }
        }
    }

    /** A part of a batch: its rows' gradient with the whole batch's count, (p - target) / meanOver, smoothing too. */
    @Test
    void aPartsGradientIsCountedAsTheWholeBatchsMean() {
        Tensor z = new Tensor(2, 4, new float[] {1, 2, 3, 4, 0, 0, 0, 0});
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.2);
        loss.forward(z, new int[] {3, 0});
        float[] own = java.util.Arrays.copyOf(loss.backward().data, 8);
        float[] asPart = java.util.Arrays.copyOf(loss.backward(8).data, 8);
        for (int i = 0; i < 8; i++) {
            assertThat(asPart[i]).as("element %d", i).isCloseTo(own[i] * 2 / 8, within(1e-7f));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loss.backward(1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSmoothingOutsideZeroToOneIsRefused() {
        for (double e : new double[] {-0.1, 1, Double.NaN}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SoftmaxCrossEntropy(e))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label smoothing");
        }
    }

    // the mean over rows of -sum_j t_j log softmax(z)_j, t = (1 - e) one-hot + e / k, in doubles
    private static double smoothedLoss(float[] z, int[] labels, int m, int k, double e) {
        return smoothedLoss(toDoubles(z), labels, m, k, e);
    }

    private static double smoothedLoss(double[] z, int[] labels, int m, int k, double e) {
        double total = 0;
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[i * k + j]);
            }
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[i * k + j] - max);
            }
            for (int j = 0; j < k; j++) {
                double target = (j == labels[i] ? 1 - e : 0) + e / k;
                total -= target * (z[i * k + j] - max - Math.log(sum));
            }
        }
        return total / m;
    }

    private static double[] toDoubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
