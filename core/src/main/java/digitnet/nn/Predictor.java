package digitnet.nn;

import digitnet.data.Dataset;
import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;

/**
 * Runs a network over a whole data set in chunks, reusing its buffers: the loss and accuracy of
 * a labelled set, or the predicted class and probabilities of each image.
 */
public final class Predictor {
    /** Images per forward pass. */
    public static final int CHUNK = 1000;

    private final Network network;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private InputBatch sparseX, denseX;     // made when first needed
    private final int[] labels = new int[CHUNK];
    private final Tensor probabilities;

    public record Score(double loss, double accuracy, int count) {}

    public Predictor(Network network) {
        this.network = network;
        this.probabilities = new Tensor(CHUNK, network.architecture().classes());
    }

    /** Mean cross-entropy and accuracy over a labelled data set. */
    public Score score(Dataset d) {
        requireLabels(d);
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < d.count(); from += CHUNK) {
            int n = Math.min(CHUNK, d.count() - from);
            Tensor logits = forwardChunk(d, from, n);
            lossSum += (double) loss.forward(logits, labels) * n;
            correct += loss.correct();
        }
        return new Score(lossSum / d.count(), (double) correct / d.count(), d.count());
    }

    /**
     * Predicted class of every image into {@code predicted}; when {@code probs} is not null, the
     * probabilities too, row-major (count, classes).
     *
     * @return the mean cross-entropy of a labelled set (computed as {@link #score} does), NaN without labels
     */
    public double predict(Dataset d, int[] predicted, float[] probs) {
        int k = network.architecture().classes();
        double lossSum = 0;
        for (int from = 0; from < d.count(); from += CHUNK) {
            int n = Math.min(CHUNK, d.count() - from);
            Tensor logits = forwardChunk(d, from, n);
            Tensor p = probabilities;
            if (d.labelled()) {
                lossSum += (double) loss.forward(logits, labels) * n;
                p = loss.probabilities();
            } else {
                probabilities.setRows(n);
                SoftmaxCrossEntropy.softmax(logits, probabilities);
            }
            for (int r = 0; r < n; r++) {
                predicted[from + r] = Ops.argmaxRow(p, r);
            }
            if (probs != null) {
                System.arraycopy(p.data, 0, probs, from * k, n * k);
            }
        }
        return d.labelled() && d.count() > 0 ? lossSum / d.count() : Double.NaN;
    }

    private Tensor forwardChunk(Dataset d, int from, int n) {
        if (d.features() != network.architecture().inputs()) {
            throw new digitnet.data.InputException(d.source() + ": images have " + d.features() + " pixels ("
                    + d.shape() + ") but the network expects " + network.architecture().inputs());
        }
        InputBatch x = input(d, network.layers().get(0) instanceof Dense);
        x.fill(d, null, from, n, d.labelled() ? labels : null);
        return x.forward(network, false);
    }

    // the buffers for the kind asked for, made on first use. Not chosen by the set's density: an
    // image then gives the same probabilities bit for bit alone and within any set
    private InputBatch input(Dataset d, boolean sparse) {
        if (sparse) {
            sparseX = sparseX == null || sparseX.features() != d.features()
                    ? InputBatch.forInference(CHUNK, d.features(), true) : sparseX;
            return sparseX;
        } else {
            denseX = denseX == null || denseX.features() != d.features()
                    ? InputBatch.forInference(CHUNK, d.features(), false) : denseX;
            return denseX;
        }
    }

    private static void requireLabels(Dataset d) {
        if (!d.labelled()) {
            throw new digitnet.data.InputException(d.source() + ": has no labels; a labelled file is needed here");
        }
    }
}
