package digitnet.nn;

import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;

/**
 * Softmax and cross-entropy fused into one loss on logits. Softmax subtracts each row's maximum
 * before exponentiating, so large logits cannot overflow. The one-hot target is built from the
 * label index alone, so it never depends on which labels a batch happens to contain. With label
 * smoothing e the target is (1 - e) one-hot + e / K instead (Szegedy et al., 2016): the loss and its
 * gradient are those of that target, so a network is not pushed to ever larger logits on rows it
 * already gets right.
 */
public final class SoftmaxCrossEntropy {
    private final float smoothing;
    private Tensor probabilities;   // (batch, classes)
    private Tensor dLogits;         // (batch, classes)
    private int[] labels;
    private float[] rowMax = new float[0], rowSum = new float[0];   // per row of the last forward
    private int[] predicted = new int[0];                           // its most probable class per row

    /** The plain loss: one-hot targets (scoring and evaluation always use it). */
    public SoftmaxCrossEntropy() {
        this(0);
    }

    /**
     * @param smoothing the label smoothing e in [0, 1): each row's target is (1 - e) on its label plus e / K on
     *                  every class
     */
    public SoftmaxCrossEntropy(double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = (float) smoothing;
    }

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
        return (float) (crossEntropy(logits, labels, rowMax, rowSum, smoothing) / m);
    }

    // -> dLogits: (batch, K) = (probabilities - target) / batch, target = (1 - e) oneHot(labels) + e / K
    public Tensor backward() {
        return backward(probabilities.rows());
    }

    /**
     * The gradient as a part of a larger batch's mean: (probabilities - target) / meanOver, (batch, K), so that
     * the parts of a batch split over data-parallel workers add up to the whole batch's gradient.
     */
    public Tensor backward(int meanOver) {
        int m = probabilities.rows(), k = probabilities.cols;
        if (meanOver < m) {
            throw new IllegalArgumentException("a mean over " + meanOver + " rows cannot hold this part's " + m);
        }
        dLogits = Tensor.ensure(dLogits, m, k);
        Ops.crossEntropyGradient(probabilities, labels, 1f / meanOver, dLogits);
        if (smoothing > 0) {                      // + (e oneHot - e / K) / meanOver
            float[] d = dLogits.data;
            float onLabel = smoothing / meanOver, everywhere = smoothing / ((float) k * meanOver);
            for (int i = 0; i < m; i++) {
                for (int j = i * k; j < (i + 1) * k; j++) {
                    d[j] -= everywhere;
                }
                d[i * k + labels[i]] += onLabel;
            }
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
     * from each row's maximum and sum of the softmax: exact, and finite for finite logits. With
     * smoothing e, -sum_j target_j log softmax(z)_j, where z[label] becomes (1 - e) z[label] + e mean(z).
     * The logs of the row sums are taken as the log of their product, flushed before it could
     * overflow: one log per many rows.
     */
    private static double crossEntropy(Tensor z, int[] labels, float[] rowMax, float[] rowSum, float smoothing) {
        int m = z.rows(), k = z.cols;
        float[] Z = z.data;
        double loss = 0;
        for (int i = 0; i < m; i++) {
            if (smoothing == 0) {
                loss -= Z[i * k + labels[i]] - rowMax[i];        // z[label] - max
                continue;
            }
            double mean = 0;
            for (int j = i * k; j < (i + 1) * k; j++) {
                mean += Z[j];
            }
            loss -= (1.0 - smoothing) * Z[i * k + labels[i]] + smoothing * mean / k - rowMax[i];
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
