package digitnet.nn;

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
        float[] Z = logits.data, P = probabilities.data;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            // -log softmax(z)[label] = logsumexp(z) - z[label]: exact, and finite for finite logits
            loss += softmaxRow(Z, P, i * k, k) - Z[i * k + labels[i]];
        }
        return (float) (loss / m);
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

    public Tensor probabilities() {
        return probabilities;
    }

    /** p[i, :] = softmax(z[i, :]), computed as exp(z - max z) / sum. z and p may be the same tensor. */
    public static void softmax(Tensor z, Tensor p) {
        int m = z.rows(), k = z.cols;
        for (int i = 0; i < m; i++) {
            softmaxRow(z.data, p.data, i * k, k);
        }
    }

    /** Softmax of one row of k values at {@code base}, max subtracted first; returns log(sum exp(z)). */
    private static double softmaxRow(float[] Z, float[] P, int base, int k) {
        float max = Z[base];
        for (int j = 1; j < k; j++) {
            max = Math.max(max, Z[base + j]);
        }
        float sum = 0f;
        for (int j = 0; j < k; j++) {
            float e = (float) Math.exp(Z[base + j] - max);
            P[base + j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < k; j++) {
            P[base + j] *= inv;
        }
        return Math.log(sum) + max;
    }
}
