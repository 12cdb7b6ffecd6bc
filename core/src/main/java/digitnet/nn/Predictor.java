package digitnet.nn;

import digitnet.data.Dataset;
import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;

/**
 * Runs a network over a whole data set in chunks, reusing its buffers: the loss and accuracy of
 * a labelled set, or the predicted class and probabilities of each image. With test-time views
 * ({@link ShiftedViews}) each image's probabilities are the mean of its five views', and the loss
 * is the cross-entropy of that mean.
 */
public final class Predictor {
    /** Images per forward pass. */
    public static final int CHUNK = 1000;

    private final Network network;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private InputBatch sparseX, denseX;     // made when first needed
    private final int[] labels = new int[CHUNK];
    private final Tensor probabilities;
    private final boolean views;
    private Tensor original, mean;          // with views: a chunk's images as read, the views' mean probabilities

    public record Score(double loss, double accuracy, int count) {}

    public Predictor(Network network) {
        this(network, false);
    }

    /** @param views whether each image is scored as the mean of its {@link ShiftedViews} */
    public Predictor(Network network, boolean views) {
        this.network = network;
        this.probabilities = new Tensor(CHUNK, network.architecture().classes());
        this.views = views;
    }

    /** Mean cross-entropy and accuracy over a labelled data set. */
    public Score score(Dataset d) {
        requireLabels(d);
        double lossSum = 0;
        int correct = 0;
        for (int from = 0; from < d.count(); from += CHUNK) {
            int n = Math.min(CHUNK, d.count() - from);
            if (views) {
                Tensor p = viewsChunk(d, from, n);
                lossSum += lossOf(p, n);
                for (int r = 0; r < n; r++) {
                    correct += Ops.argmaxRow(p, r) == labels[r] ? 1 : 0;
                }
                continue;
            }
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
            Tensor p = probabilities;
            if (views) {
                p = viewsChunk(d, from, n);
                if (d.labelled()) {
                    lossSum += lossOf(p, n);
                }
            } else if (d.labelled()) {
                Tensor logits = forwardChunk(d, from, n);
                lossSum += (double) loss.forward(logits, labels) * n;
                p = loss.probabilities();
            } else {
                Tensor logits = forwardChunk(d, from, n);
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
        requireInputs(d);
        InputBatch x = input(d, network.layers().get(0) instanceof Dense);
        x.fill(d, null, from, n, d.labelled() ? labels : null);
        return x.forward(network, false);
    }

    // the mean of the chunk's views' probabilities: (n, classes), the images read once into `original`
    private Tensor viewsChunk(Dataset d, int from, int n) {
        requireInputs(d);
        if (!ShiftedViews.fits(d.height(), d.width())) {
            throw new digitnet.data.InputException(d.source() + ": test-time views need images of at least "
                    + ShiftedViews.MIN_SIDE + "x" + ShiftedViews.MIN_SIDE + ", these are " + d.height() + "x" + d.width());
        }
        InputBatch x = input(d, false);
        x.fill(d, null, from, n, d.labelled() ? labels : null);
        Tensor rows = x.denseRows();
        if (original == null) {
            original = new Tensor(CHUNK, d.features());
            mean = new Tensor(CHUNK, network.architecture().classes());
        }
        int f = d.features(), k = mean.cols;
        original.setRows(n);
        System.arraycopy(rows.data, 0, original.data, 0, n * f);
        mean.setRows(n);
        probabilities.setRows(n);
        SoftmaxCrossEntropy.softmax(x.forward(network, false), probabilities);     // view 0: the images as read
        System.arraycopy(probabilities.data, 0, mean.data, 0, n * k);
        for (int v = 1; v < ShiftedViews.VIEWS; v++) {
            ShiftedViews.view(original, rows, n, d.channels(), d.height(), d.width(), v);
            SoftmaxCrossEntropy.softmax(x.forward(network, false), probabilities);
            for (int i = 0; i < n * k; i++) {
                mean.data[i] += probabilities.data[i];
            }
        }
        for (int i = 0; i < n * k; i++) {
            mean.data[i] /= ShiftedViews.VIEWS;
        }
        return mean;
    }

    // the summed cross-entropy of the chunk's labels under probabilities p (a probability below the smallest
    // normal float counts as that)
    private double lossOf(Tensor p, int n) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum -= Math.log(Math.max(p.data[r * p.cols + labels[r]], Float.MIN_NORMAL));
        }
        return sum;
    }

    private void requireInputs(Dataset d) {
        if (d.features() != network.architecture().inputs()) {
            throw new digitnet.data.InputException(d.source() + ": images have " + d.features() + " pixels ("
                    + d.shape() + ") but the network expects " + network.architecture().inputs());
        }
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
