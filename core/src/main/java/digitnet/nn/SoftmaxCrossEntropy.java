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
    private float[] rowMax = new float[0], rowSum = new float[0];   // per row of the last forward
    private int[] predicted = new int[0];                           // its most probable class per row

    /**
     * logits: (batch, K), labels[0..batch) in 0..K-1 -> mean loss over the batch.
     * Keeps the probabilities for {@link #backward()}.
     */
    public float forward(Tensor logits, int[] labels) {
        int m = logits.rows(), k = logits.cols;
        probabilities = Tensor.ensure(probabilities, m, k);
        this.labels = labels;
        if (predicted.length < m) {     // grown to the largest batch, never shrunk: a step allocates nothing
            rowMax = new float[m];
            rowSum = new float[m];
            predicted = new int[m];
        }
        Ops.softmax(logits, probabilities, rowMax, rowSum, predicted);
        return (float) (crossEntropy(logits, labels, rowMax, rowSum) / m);
    }

    // -> dLogits: (batch, K) = (probabilities - oneHot(labels)) / batch
    public Tensor backward() {
        int m = probabilities.rows(), k = probabilities.cols;
        dLogits = Tensor.ensure(dLogits, m, k);
        Ops.crossEntropyGradient(probabilities, labels, 1f / m, dLogits);
        return dLogits;
    }

    /**
     * Rows of the last {@link #forward} whose most probable class is their label: the one place
     * where correct predictions are counted (training, scoring, evaluation).
     */
    public int correct() {
        int c = 0;
        for (int r = 0; r < probabilities.rows(); r++) {
            c += predicted[r] == labels[r] ? 1 : 0;
        }
        return c;
    }

    public Tensor probabilities() {
        return probabilities;
    }

    /** p[i, :] = softmax(z[i, :]), computed as exp(z - max z) / sum. z and p may be the same tensor. */
    public static void softmax(Tensor z, Tensor p) {
        float[][] rows = ROWS.get();
        if (rows[0].length < z.rows()) {
            rows[0] = new float[z.rows()];
            rows[1] = new float[z.rows()];
        }
        Ops.softmax(z, p, rows[0], rows[1], null);
    }

    /** Per calling thread: the row maxima and sums {@link #softmax(Tensor, Tensor)} writes and does not return. */
    private static final ThreadLocal<float[][]> ROWS = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

    /**
     * The summed cross-entropy -log softmax(z)[label] = log(sum exp(z - max)) - (z[label] - max),
     * from each row's maximum and sum of the softmax: exact, and finite for finite logits. The
     * logs of the row sums are taken as the log of their product, flushed before it could
     * overflow: one log per many rows.
     */
    private static double crossEntropy(Tensor z, int[] labels, float[] rowMax, float[] rowSum) {
        int m = z.rows(), k = z.cols;
        float[] Z = z.data;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            loss -= Z[i * k + labels[i]] - rowMax[i];            // z[label] - max
        }
        double sums = 1;   // a product of row sums (each in [1, k])
        for (int i = 0; i < m; i++) {
            sums *= rowSum[i];
            if (sums > 1e250) {
                loss += Math.log(sums);
                sums = 1;
            }
        }
        return loss + Math.log(sums);
    }
}
