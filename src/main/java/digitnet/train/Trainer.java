package digitnet.train;

import digitnet.data.Augmenter;
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
import java.util.function.DoubleSupplier;

/**
 * The training loop: batch -> (augment) -> forward -> loss -> backward -> step -> stats. Buffers
 * are allocated before the loop; a step allocates nothing.
 *
 * <p>Every random choice of epoch e (batch order, dropout masks, augmentation) is drawn from
 * generators re-seeded from (seed, e), so a run resumed at epoch e draws exactly what the
 * uninterrupted run drew.
 */
public final class Trainer {
    private final TrainConfig config;
    private final Optimizer optimizer;
    private final TrainListener listener;
    private final DoubleSupplier clock;

    public Trainer(TrainConfig config, Optimizer optimizer, TrainListener listener) {
        this(config, optimizer, listener, () -> System.nanoTime() / 1e9);
    }

    /** @param clock seconds, read for the {@code maxSeconds} budget once at the start and once per report */
    Trainer(TrainConfig config, Optimizer optimizer, TrainListener listener, DoubleSupplier clock) {
        this.config = config;
        this.optimizer = optimizer;
        this.listener = listener;
        this.clock = clock;
    }

    public TrainResult train(Network network, Dataset train, Dataset dev) {
        return train(network, train, dev, 0);
    }

    /** Trains from epoch {@code startEpoch} (full batch: iteration) on, as a resumed run does. */
    public TrainResult train(Network network, Dataset train, Dataset dev, int startEpoch) {
        if (!train.labelled() || train.count() == 0) {
            throw new IllegalArgumentException(train.source() + ": training needs labelled rows");
        }
        if (config.patience() > 0 && (dev == null || dev.count() == 0)) {
            throw new IllegalArgumentException("--patience needs a dev set (--dev > 0)");
        }
        Run run = new Run(network, train, dev, startEpoch);
        return config.fullBatch() || config.batchSize() >= train.count() ? run.fullBatch() : run.miniBatch();
    }

    /** The state of one run: buffers, timers and history. */
    private final class Run {
        final Network network;
        final Dataset train, dev;
        final List<Parameter> params;
        final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        final Predictor devPredictor;
        final EarlyStopping early;
        final Augmenter augmenter;
        final Random noise = new Random(0);
        final List<Progress> history = new ArrayList<>();
        final double budgetStart = clock.getAsDouble();
        final int startEpoch;
        int iteration, stepsPerEpoch;
        long totalSteps, stepIndex;   // stepIndex: the schedule's step since epoch 1, resumed runs included
        String stopReason = "completed";
        SparseRows sparse;   // the batch: non-zero pixel bytes, read as they are, ...
        Tensor dense;        // ... or dense floats when augmentation moves the pixels

        Run(Network network, Dataset train, Dataset dev, int startEpoch) {
            this.network = network;
            this.train = train;
            this.dev = dev != null && dev.count() > 0 ? dev : null;
            this.params = network.parameters();
            this.devPredictor = this.dev == null ? null : new Predictor(network);
            this.early = config.patience() > 0 ? new EarlyStopping(config.patience(), params) : null;
            this.augmenter = config.augment() == null ? null
                    : new Augmenter(train.height(), train.width(), config.augment());
            this.startEpoch = startEpoch;
            network.setNoise(noise);
        }

        /** The notebook's algorithm: every step sees every training row. Here an epoch is one iteration. */
        TrainResult fullBatch() {
            int m = train.count();
            allocateBatch(m, true);
            int[] labels = new int[m];
            fillBatch(null, 0, m, labels);     // constant unless augmented: filled once
            stepsPerEpoch = 1;
            totalSteps = config.iterations();
            double trainSeconds = 0;
            int done = startEpoch;
            for (int it = startEpoch; it < config.iterations(); it++) {
                long t0 = System.nanoTime();
                noise.setSeed(Seeds.epoch(Seeds.noise(config.seed()), it));
                if (augmenter != null) {
                    fillBatch(null, 0, m, labels);
                }
                stepIndex = it;
                float l = step(labels);
                iteration++;
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                done = it + 1;
                boolean last = it == config.iterations() - 1;
                if (it % config.every() == 0 || last) {
                    // accuracy of the step's own forward pass (before its update), as the notebook prints
                    double acc = (double) correct(loss.probabilities(), labels) / m;
                    if (report(it, it, 0, l, acc, trainSeconds)) {
                        break;
                    }
                }
            }
            return finish(trainSeconds, done);
        }

        /** Mini-batch training: each epoch visits the rows in a new order drawn from (seed, epoch). */
        TrainResult miniBatch() {
            int m = train.count(), b = config.batchSize();
            allocateBatch(b, false);
            int[] labels = new int[b];
            int[] order = new int[m];
            Random shuffler = new Random(0);
            stepsPerEpoch = (m + b - 1) / b;
            totalSteps = (long) config.epochs() * stepsPerEpoch;
            double trainSeconds = 0;
            int done = startEpoch;
            for (int epoch = startEpoch + 1; epoch <= config.epochs(); epoch++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < m; i++) {
                    order[i] = i;
                }
                shuffler.setSeed(Seeds.epoch(Seeds.batches(config.seed()), epoch));
                Dataset.shuffle(order, m, shuffler);
                noise.setSeed(Seeds.epoch(Seeds.noise(config.seed()), epoch));
                stepIndex = (long) (epoch - 1) * stepsPerEpoch;
                double lossSum = 0;
                long correct = 0;
                for (int from = 0; from < m; from += b, stepIndex++) {
                    int n = Math.min(b, m - from);
                    fillBatch(order, from, n, labels);
                    lossSum += (double) step(labels) * n;
                    correct += correct(loss.probabilities(), labels);
                    iteration++;
                    listener.onBatch(epoch, from / b + 1, (m + b - 1) / b, lossSum / (from + n), (double) correct / (from + n));
                }
                trainSeconds += (System.nanoTime() - t0) / 1e9;
                done = epoch;
                if (report(iteration, epoch, epoch, lossSum / m, (double) correct / m, trainSeconds)) {
                    break;
                }
            }
            return finish(trainSeconds, done);
        }

        void allocateBatch(int rows, boolean exact) {
            if (augmenter == null) {
                sparse = Batcher.sparseBatch(train, rows, exact);
            } else {
                dense = new Tensor(rows, train.features());
            }
        }

        /** Rows order[from .. from+n) of the training set into the batch (augmented when asked). */
        void fillBatch(int[] order, int from, int n, int[] labels) {
            if (augmenter == null) {
                Batcher.fill(train, order, from, n, sparse, labels);
            } else {
                Batcher.fill(train, order, from, n, dense, labels);
                augmenter.apply(dense, noise);
            }
        }

        /** learning rate -> forward -> loss -> backward -> update; returns the batch's mean loss. */
        float step(int[] labels) {
            optimizer.setLearningRate(config.learningRate() * config.schedule().factor(stepIndex, stepsPerEpoch, totalSteps));
            Tensor logits = augmenter == null ? network.forward(sparse, true) : network.forward(dense, true);
            float l = loss.forward(logits, labels);
            if (!Float.isFinite(l)) {
                throw new DivergedException(iteration, optimizer.learningRate(), l);
            }
            network.backward(loss.backward());
            optimizer.step(params);
            return l;
        }

        /** Evaluates on dev, hands the record on; returns true when training should stop here. */
        boolean report(int it, int when, int epoch, double trainLoss, double trainAcc, double seconds) {
            double devLoss = Double.NaN, devAcc = Double.NaN;
            if (devPredictor != null) {
                Predictor.Score s = devPredictor.score(dev);
                devLoss = s.loss();
                devAcc = s.accuracy();
            }
            Progress p = new Progress(it, epoch, trainLoss, trainAcc, devLoss, devAcc, seconds);
            history.add(p);
            listener.onProgress(p);
            if (early != null && early.observe(when, devAcc, params)) {
                stopReason = "patience";
                return true;
            }
            if (config.maxSeconds() > 0 && clock.getAsDouble() - budgetStart >= config.maxSeconds()) {
                stopReason = "max-seconds";
                return true;
            }
            return false;
        }

        TrainResult finish(double trainSeconds, int epochsDone) {
            if (early != null) {
                early.restoreBest(params);
            }
            return new TrainResult(history, iteration, trainSeconds, epochsDone,
                    early == null ? -1 : early.bestEpoch(), stopReason);
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
