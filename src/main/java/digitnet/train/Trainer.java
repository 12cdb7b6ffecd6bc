package digitnet.train;

import digitnet.data.Batcher;
import digitnet.data.Dataset;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.Predictor;
import digitnet.nn.SoftmaxCrossEntropy;
import digitnet.tensor.Ops;
import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop: batch -> forward -> loss -> backward -> step -> stats. Buffers are
 * allocated before the loop; a step allocates nothing.
 */
public final class Trainer {
    private final TrainConfig config;
    private final Optimizer optimizer;
    private final TrainListener listener;

    public Trainer(TrainConfig config, Optimizer optimizer, TrainListener listener) {
        this.config = config;
        this.optimizer = optimizer;
        this.listener = listener;
    }

    public TrainResult train(Network network, Dataset train, Dataset dev) {
        if (!train.labelled() || train.count() == 0) {
            throw new IllegalArgumentException(train.source() + ": training needs labelled rows");
        }
        return config.fullBatch() || config.batchSize() >= train.count()
                ? new Run(network, train, dev).fullBatch()
                : new Run(network, train, dev).miniBatch();
    }

    /** The state of one run: buffers, timers and history. */
    private final class Run {
        final Network network;
        final Dataset train, dev;
        final List<Parameter> params;
        final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        final Predictor devPredictor;
        final List<Progress> history = new ArrayList<>();
        final long start = System.nanoTime();
        int iteration;

        Run(Network network, Dataset train, Dataset dev) {
            this.network = network;
            this.train = train;
            this.dev = dev != null && dev.count() > 0 ? dev : null;
            this.params = network.parameters();
            this.devPredictor = this.dev == null ? null : new Predictor(network);
        }

        /** The notebook's algorithm: every step sees every training row. */
        TrainResult fullBatch() {
            int m = train.count();
            SparseRows x = Batcher.sparseBatch(train, m, true);
            int[] labels = new int[m];
            Batcher.fill(train, null, 0, m, x, labels);     // constant: filled once
            double trainSeconds = 0;
            for (iteration = 0; iteration < config.iterations(); iteration++) {
                long t0 = System.nanoTime();
                float l = step(x, labels);
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                boolean last = iteration == config.iterations() - 1;
                if (iteration % config.every() == 0 || last) {
                    // accuracy of the step's own forward pass (before its update), as the notebook prints
                    double acc = (double) correct(loss.probabilities(), labels) / m;
                    report(iteration, 0, l, acc, trainSeconds);
                }
            }
            return new TrainResult(history, iteration, trainSeconds);
        }

        /** Mini-batch SGD: each epoch visits the rows in a new order drawn from the seed. */
        TrainResult miniBatch() {
            int m = train.count(), b = config.batchSize();
            SparseRows x = Batcher.sparseBatch(train, b, false);
            int[] labels = new int[b];
            int[] order = Dataset.permutation(m, new Random(Seeds.batches(config.seed())));
            Random shuffler = new Random(Seeds.batches(config.seed()) + 1);
            double trainSeconds = 0;
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                Dataset.shuffle(order, m, shuffler);
                double lossSum = 0;
                long correct = 0;
                for (int from = 0; from < m; from += b) {
                    int n = Math.min(b, m - from);
                    Batcher.fill(train, order, from, n, x, labels);
                    lossSum += (double) step(x, labels) * n;
                    correct += correct(loss.probabilities(), labels);
                    iteration++;
                }
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                report(iteration, epoch, lossSum / m, (double) correct / m, trainSeconds);
            }
            return new TrainResult(history, iteration, trainSeconds);
        }

        /** forward -> loss -> backward -> update; returns the batch's mean loss. */
        float step(SparseRows x, int[] labels) {
            Tensor logits = network.forward(x, true);
            float l = loss.forward(logits, labels);
            if (!Float.isFinite(l)) {
                throw new DivergedException(iteration, optimizer.learningRate(), l);
            }
            network.backward(loss.backward());
            optimizer.step(params);
            return l;
        }

        void report(int it, int epoch, double trainLoss, double trainAcc, double seconds) {
            double devLoss = Double.NaN, devAcc = Double.NaN;
            if (devPredictor != null) {
                Predictor.Score s = devPredictor.score(dev);
                devLoss = s.loss();
                devAcc = s.accuracy();
            }
            Progress p = new Progress(it, epoch, trainLoss, trainAcc, devLoss, devAcc, seconds);
            history.add(p);
            listener.onProgress(p);
        }

        int correct(Tensor probabilities, int[] labels) {
            int c = 0;
            for (int r = 0; r < probabilities.rows(); r++) {
                if (Ops.argmaxRow(probabilities, r) == labels[r]) {
                    c++;
                }
            }
            return c;
        }
    }
}
