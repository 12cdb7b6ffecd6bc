package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.nn.InputBatch;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.Predictor;
import digitnet.nn.SoftmaxCrossEntropy;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * The training loop: for each epoch, for each batch: batch -> (augment) -> forward -> loss ->
 * backward -> step -> stats. Full-batch training is the same loop with one batch of all rows per
 * epoch (the notebook's iteration) in their stored order. Buffers are allocated before the loop;
 * a step allocates nothing.
 *
 * <p>Every random choice of epoch e (batch order, dropout masks, augmentation) is drawn from
 * generators re-seeded from (seed, e), so a run resumed at epoch e draws exactly what the
 * uninterrupted run drew.
 */
public final class Trainer {
    private final Settings settings;
    private final Optimizer optimizer;
    private final ProgressListener listener;
    private final DoubleSupplier clock;
    private final BudgetStart from;

    public Trainer(Settings settings, Optimizer optimizer, ProgressListener listener) {
        this(settings, optimizer, listener, () -> System.nanoTime() / 1e9, null);
    }

    /**
     * @param from where a {@link Stopping#maxSeconds} budget began and what it leaves room for after the loop
     *             ({@link BudgetStart}); null for a budget of the training loop alone
     */
    public Trainer(Settings settings, Optimizer optimizer, ProgressListener listener, BudgetStart from) {
        this(settings, optimizer, listener, () -> System.nanoTime() / 1e9, from);
    }

    /**
     * @param clock seconds, read once before the first step, once at each report (the run's
     *              {@link TrainResult#trainSeconds}, its progress records' seconds) and, with a
     *              {@link Stopping#maxSeconds} budget, once before each step ({@link Budget})
     */
    Trainer(Settings settings, Optimizer optimizer, ProgressListener listener, DoubleSupplier clock) {
        this(settings, optimizer, listener, clock, null);
    }

    Trainer(Settings settings, Optimizer optimizer, ProgressListener listener, DoubleSupplier clock, BudgetStart from) {
        this.settings = settings;
        this.optimizer = optimizer;
        this.listener = listener;
        this.clock = clock;
        this.from = from;
    }

    public TrainResult train(Network network, Dataset train, Dataset dev) {
        return train(network, train, dev, 0);
    }

    /** Trains from epoch {@code startEpoch} (full batch: iteration) on, as a resumed run does. */
    public TrainResult train(Network network, Dataset train, Dataset dev, int startEpoch) {
        if (!train.labelled() || train.count() == 0) {
            throw new InputException(train.source() + ": training needs labelled rows");
        }
        if (settings.stopping().patience() > 0 && (dev == null || dev.count() == 0)) {
            throw new InvalidSettingException("Trainer", "patience", "needs a dev set (dev rows > 0)");
        }
        return new Run(network, train, dev, Plan.of(settings.steps(), train.count())).train(startEpoch);
    }

    /**
     * How a run is cut into epochs and batches, and how its epochs are named in progress records.
     * Full batch: {@code epochs} = iterations, one batch of every row, rows in stored order, a
     * report every {@code every} iterations and at the last; its epoch e is iteration e - 1 (0-based,
     * as the notebook prints it, and the index its random draws were first seeded with).
     * Mini-batches: {@code epochs} epochs of shuffled rows, a report after each; a batch size of at
     * least the row count makes one batch of every row per epoch, still shuffled.
     *
     * @param batchRows  rows per batch (the last batch of an epoch may hold fewer)
     */
    record Plan(boolean fullBatch, int epochs, int batchRows, int stepsPerEpoch, int every) {
        static Plan of(Steps c, int rows) {
            if (c.fullBatch()) {
                return new Plan(true, c.iterations(), rows, 1, c.progressEvery());
            }
            int b = Math.min(c.batchSize(), rows);
            return new Plan(false, c.epochs(), b, (rows + b - 1) / b, 1);
        }

        /** The index epoch e's random draws are seeded with. */
        int seedIndex(int epoch) {
            return fullBatch ? epoch - 1 : epoch;
        }

        boolean reportsAfter(int epoch) {
            return (epoch - 1) % every == 0 || epoch == epochs;
        }

        /** The {@link Progress} record of epoch e, given the steps done and its dev score. */
        Progress progress(int epoch, int stepsDone, double trainLoss, double trainAccuracy, Predictor.Score dev,
                          double seconds) {
            return new Progress(fullBatch ? epoch - 1 : stepsDone, fullBatch ? 0 : epoch, trainLoss, trainAccuracy,
                    dev == null ? Double.NaN : dev.loss(), dev == null ? Double.NaN : dev.accuracy(), seconds);
        }

        /** How early stopping and {@link TrainResult#bestEpoch} name epoch e. */
        int keptAs(int epoch) {
            return fullBatch ? epoch - 1 : epoch;
        }
    }

    /** The state of one run: buffers, timers and history. */
    private final class Run {
        final Network network;
        final Dataset train, dev;
        final Plan plan;
        final List<Parameter> params;
        final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(settings.labelSmoothing());
        final Predictor devPredictor;
        final EarlyStopping early;
        final Augmenter augmenter;
        final Random noise = new Random(0);
        final Random shuffler = new Random(0);
        final List<Progress> history = new ArrayList<>();
        final int[] order, labels;
        final long totalSteps;
        int steps;
        long stepIndex;   // the schedule's step since epoch 1, resumed runs included
        StopReason stopReason = StopReason.COMPLETED;
        Budget budget;            // null without maxSeconds
        final InputBatch batch;   // the batch, sparse or dense as the data and augmentation call for

        Run(Network network, Dataset train, Dataset dev, Plan plan) {
            this.network = network;
            this.train = train;
            this.dev = dev != null && dev.count() > 0 ? dev : null;
            this.plan = plan;
            this.params = network.parameters();
            this.devPredictor = this.dev == null ? null : new Predictor(network);
            this.early = settings.stopping().patience() > 0 ? new EarlyStopping(settings.stopping().patience(), network) : null;
            Augmenter.Settings augment = settings.augmentation(train.height(), train.width());
            this.augmenter = augment == null ? null : new Augmenter(train.channels(), train.height(), train.width(), augment);
            this.order = new int[train.count()];
            this.labels = new int[plan.batchRows()];
            this.totalSteps = (long) plan.epochs() * plan.stepsPerEpoch();
            this.batch = InputBatch.forTraining(network, train, plan.batchRows(), plan.fullBatch(), augmenter == null);
            network.setNoise(noise);
        }

        TrainResult train(int startEpoch) {
            int m = train.count(), b = plan.batchRows();
            boolean filled = false;       // full batch without augmentation: the one batch never changes
            double start = clock.getAsDouble();     // the first step starts now
            double seconds = 0, lastLoss = 0, lastAccuracy = 0;
            int done = startEpoch;
            boolean reported = true;      // whether epoch `done` has its progress record
            if (settings.stopping().maxSeconds() > 0) {
                budget = new Budget(settings.stopping().maxSeconds(), from, start, (long) startEpoch * plan.stepsPerEpoch(),
                        totalSteps, plan.batchRows());
            }
            for (int epoch = startEpoch + 1; epoch <= plan.epochs(); epoch++) {
                for (int i = 0; i < m; i++) {
                    order[i] = i;
                }
                if (!plan.fullBatch()) {
                    shuffler.setSeed(Seeds.epoch(Seeds.batches(settings.seed()), plan.seedIndex(epoch)));
                    Dataset.shuffle(order, m, shuffler);
                }
                noise.setSeed(Seeds.epoch(Seeds.noise(settings.seed()), plan.seedIndex(epoch)));
                stepIndex = (long) (epoch - 1) * plan.stepsPerEpoch();
                double lossSum = 0;
                long correct = 0;
                int rows = 0;
                for (int from = 0; from < m; from += b, stepIndex++) {
                    if (budget != null && !budget.allows(stepIndex, clock.getAsDouble())) {
                        stopReason = StopReason.BUDGET;
                        break;
                    }
                    int n = Math.min(b, m - from);
                    if (!filled) {
                        fillBatch(from, n);
                        filled = plan.fullBatch() && augmenter == null;
                    }
                    lossSum += (double) step() * n;
                    // accuracy of the step's own forward pass (before its update), as the notebook prints
                    correct += loss.correct();
                    steps++;
                    rows = from + n;
                    if (!plan.fullBatch()) {
                        listener.onBatch(epoch, from / b + 1, plan.stepsPerEpoch(), lossSum / (from + n),
                                (double) correct / (from + n));
                    }
                }
                if (rows == 0) {    // the budget ran out as this epoch began: the previous one was the last
                    if (!reported) {
                        seconds = clock.getAsDouble() - start;
                        report(done, lastLoss, lastAccuracy, seconds);
                    }
                    break;
                }
                done = epoch;       // a budget cut counts the epoch as done: a resume goes on with the next one
                lastLoss = lossSum / rows;
                lastAccuracy = (double) correct / rows;
                boolean cut = stopReason == StopReason.BUDGET;
                // the last epoch, also one the budget cut short, reports: seconds ends at its last step
                reported = plan.reportsAfter(epoch) || cut;
                if (reported) {
                    seconds = clock.getAsDouble() - start;
                    if (report(epoch, lastLoss, lastAccuracy, seconds) || cut) {
                        break;
                    }
                }
            }
            return finish(seconds, done);
        }

        /** Rows order[from .. from+n) of the training set into the batch (augmented when asked). */
        void fillBatch(int from, int n) {
            batch.fill(train, order, from, n, labels);
            // the first augmentFor of the schedule augments (under a budget: of the budget's schedule)
            if (augmenter != null && settings.augmentsAt(scheduleStep(), totalSteps)) {
                augmenter.apply(batch.denseRows(), noise);
            }
        }

        /** The current step's place in the schedule: the step itself, or under a budget the budget's {@link Budget#scheduleStep}. */
        long scheduleStep() {
            return budget == null ? stepIndex : budget.scheduleStep();
        }

        /** learning rate -> forward -> loss -> backward -> update; returns the batch's mean loss. */
        float step() {
            long at = scheduleStep();
            optimizer.setLearningRate(settings.optimizer().learningRate() * settings.schedule().factor(at, plan.stepsPerEpoch(), totalSteps));
            Tensor logits = batch.forward(network, true);
            float l = loss.forward(logits, labels);
            if (!Float.isFinite(l)) {
                throw new DivergedException(steps, optimizer.learningRate(), l);
            }
            network.backward(loss.backward());
            optimizer.step(params);
            return l;
        }

        /** Scores the dev set after epoch {@code epoch}, hands the record on; returns true when training should stop. */
        boolean report(int epoch, double trainLoss, double trainAccuracy, double seconds) {
            Predictor.Score devScore = devPredictor == null ? null : devPredictor.score(dev);
            Progress p = plan.progress(epoch, steps, trainLoss, trainAccuracy, devScore, seconds);
            history.add(p);
            listener.onProgress(p);
            if (early != null && early.observe(plan.keptAs(epoch), p.devAccuracy(), p.devLoss()) && stopReason != StopReason.BUDGET) {
                stopReason = StopReason.PATIENCE;
                return true;
            }
            return false;
        }

        TrainResult finish(double seconds, int epochsDone) {
            if (early != null) {
                early.restoreBest();
            }
            return new TrainResult(history, steps, seconds, epochsDone,
                    early == null ? -1 : early.bestEpoch(), stopReason, steps == 0 ? Double.NaN : optimizer.learningRate());
        }
    }
}
