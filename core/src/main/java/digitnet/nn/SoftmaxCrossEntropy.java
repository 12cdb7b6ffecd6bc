package digitnet.nn;

import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;

/**
 * Softmax and cross-entropy fused into one loss on logits. Softmax subtracts each row's maximum
 * before exponentiating, so large logits cannot overflow. The one-hot target is built from the
 * label index alone, so it never depends on which labels a batch happens to contain.
 */
public final class SoftmaxCrossEntropy {
    private Tensor probabilities;   // (batch, classes)
    private Tensor dLogits;         // (batch, classes)
    private int[] labels;

    /**
     * logits: (batch, K), labels[0..batch) in 0..K-1 -> mean loss over the batch.
     * Keeps the probabilities for {@link #backward()}.
     */
    public float forward(Tensor logits, int[] labels) {
        int m = logits.rows(), k = logits.cols;
        probabilities = Tensor.ensure(probabilities, m, k);
        this.labels = labels;
        return (float) (softmax(logits, probabilities, labels) / m);
    }

    // -> dLogits: (batch, K) = (probabilities - oneHot(labels)) / batch
    public Tensor backward() {
        int m = probabilities.rows(), k = probabilities.cols;
        dLogits = Tensor.ensure(dLogits, m, k);
        float[] P = probabilities.data, D = dLogits.data;
        float inv = 1f / m;
        for (int i = 0; i < m; i++) {
            int base = i * k;
            for (int j = 0; j < k; j++) {
                D[base + j] = P[base + j] * inv;
            }
            D[base + labels[i]] -= inv;
        }
        return dLogits;
    }

    /**
     * Rows of the last {@link #forward} whose most probable class is their label: the one place
     * where correct predictions are counted (training, scoring, evaluation).
     */
    public int correct() {
        int c = 0;
        for (int r = 0; r < probabilities.rows(); r++) {
            if (Ops.argmaxRow(probabilities, r) == labels[r]) {
                c++;
            }
        }
        return c;
    }

    public Tensor probabilities() {
        return probabilities;
    }

    /** p[i, :] = softmax(z[i, :]), computed as exp(z - max z) / sum. z and p may be the same tensor. */
    public static void softmax(Tensor z, Tensor p) {
        softmax(z, p, null);
    }

    /**
     * Softmax of every row, the row maximum subtracted first, with one vectorised exp pass over all
     * m * k values. Given labels (then p must not be z), returns the summed cross-entropy
     * -log softmax(z)[label] = log(sum exp(z - max)) - (z[label] - max): exact, and finite for finite logits.
     * The logs of the row sums are taken as the log of their product, flushed before it could overflow.
     */
    private static double softmax(Tensor z, Tensor p, int[] labels) {
        int m = z.rows(), k = z.cols;
        float[] Z = z.data, P = p.data;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            int base = i * k;
            float max = rowMax(Z, base, k);
            for (int j = 0; j < k; j++) {
                P[base + j] = Z[base + j] - max;
            }
            if (labels != null) {
                loss -= P[base + labels[i]];            // z[label] - max
            }
        }
        Ops.expInPlace(p);
        double sums = 1;   // a product of row sums (each in [1, k]), logged when large: one log per many rows
        for (int i = 0; i < m; i++) {
            int base = i * k;
            float sum = 0f;
            for (int j = 0; j < k; j++) {
                sum += P[base + j];
            }
            sums *= sum;
            if (sums > 1e250) {
                loss += Math.log(sums);
                sums = 1;
            }
            float inv = 1f / sum;
            for (int j = 0; j < k; j++) {
                P[base + j] *= inv;
            }
        }
        return labels == null ? 0 : loss + Math.log(sums);
    }

    private static float rowMax(float[] Z, int base, int k) {
        float max = Z[base];
        for (int j = 1; j < k; j++) {
            float v = Z[base + j];
            if (v > max) {
                max = v;
            }
        }
        return max;
    }
}
