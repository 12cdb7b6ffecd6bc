package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Buffer;
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
 * {@link Trainer}'s loop taken apart for data-parallel training (digitnet on Spark, docs/spark.md): the
 * driver holds the network and the optimizer and draws each epoch's row order as {@code Trainer} does;
 * {@link Worker}s, each holding some training rows, compute the gradient of their rows of a step's batch
 * counted as the whole batch's mean counts them; the driver sums them in a fixed order and {@link #step}s,
 * setting the network's buffers (batch norm's running statistics) to the workers' after the step's forward
 * passes, weighted by their rows ({@link Averages#weightedMean}).
 * With one worker holding every row the run is {@code Trainer}'s, bit for bit, for networks without
 * dropout and augmentation (with them, a worker draws its masks from (seed, epoch, step, worker)).
 * No time budget ({@code maxSeconds}): a run is its planned steps, or fewer with patience.
 *
 * <p>Parameter averaging (Spark's {@code --average-every K}): each {@link Worker} starts a round from the
 * driver's weights and state (the optimizer's, batch norm's running statistics), takes up to K optimizer
 * steps of its own ({@link Worker#localStep}), and the driver takes the {@link Averages#weightedMean} of the
 * workers' weights and states ({@link #average}).
 */
public final class StepByStep {
    private final Settings config;
    private final Network network;
    private final OptimizerState optimizer;
    private final Dataset train, dev, devGiven;
    private final Trainer.Plan plan;
    private final List<Parameter> params;
    private final int[] order;
    private final Random shuffler = new Random(0);
    private final Predictor devPredictor;
    private final EarlyStopping early;
    private final ProgressListener listener;
    private final DoubleSupplier clock;
    private final List<Progress> history = new ArrayList<>();
    private final double start;
    private StopReason stopReason = StopReason.COMPLETED;
    private int steps, done;
    private double seconds, lossSum;
    private long correct;
    private int rows;

    /** The driver's side of a run of {@code network} (initialised) on {@code train}, scored on {@code dev} (may be empty). */
    public StepByStep(Settings config, Network network, Dataset train, Dataset dev, ProgressListener listener) {
        if (!train.labelled() || train.count() == 0) {
            throw new InputException(train.source() + ": training needs labelled rows");
        }
        if (config.stopping().maxSeconds() > 0) {
            throw new InvalidSettingException("StepByStep", "maxSeconds", "is not supported in data-parallel training");
        }
        this.config = config;
        this.network = network;
        this.optimizer = (OptimizerState) config.optimizer().create();
        this.train = train;
        this.devGiven = dev;
        this.dev = dev != null && dev.count() > 0 ? dev : null;
        if (config.stopping().patience() > 0 && this.dev == null) {
            throw new InvalidSettingException("Trainer", "patience", "needs a dev set (dev rows > 0)");
        }
        this.plan = Trainer.Plan.of(config.steps(), train.count());
        this.params = network.parameters();
        this.order = new int[train.count()];
        this.devPredictor = this.dev == null ? null : new Predictor(network);
        this.early = config.stopping().patience() > 0 ? new EarlyStopping(config.stopping().patience(), network) : null;
        this.listener = listener;
        this.clock = () -> System.nanoTime() / 1e9;
        this.start = clock.getAsDouble();
    }

    public int epochs() {
        return plan.epochs();
    }

    public int stepsPerEpoch() {
        return plan.stepsPerEpoch();
    }

    /**
     * Whether step {@code step} (0-based) of epoch {@code epoch} augments its rows ({@link Settings#augmentsAt}):
     * what the caller passes to each worker's {@link Worker#augmenting} before that step, as {@code Trainer} decides.
     */
    public boolean augmentsAt(int epoch, int step) {
        return config.augmentsAt((long) (epoch - 1) * plan.stepsPerEpoch() + step, (long) plan.epochs() * plan.stepsPerEpoch());
    }

    /** Rows of a full batch (the last batch of an epoch may hold fewer). */
    public int batchRows() {
        return plan.batchRows();
    }

    public boolean fullBatch() {
        return plan.fullBatch();
    }

    /** Whether workers read batches sparse, decided on the whole training set as {@code Trainer} decides it. */
    public boolean sparseInput() {
        return augment() == null && InputBatch.prefersSparse(network, train);
    }

    /** The augmentation workers apply, or null. */
    public Augmenter.Settings augment() {
        return config.augmentation(train.height(), train.width());
    }

    /** Epoch e's row order (indices into the training rows), drawn as {@code Trainer} draws it; a fresh array. */
    public int[] order(int epoch) {
        int m = train.count();
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        if (!plan.fullBatch()) {
            shuffler.setSeed(Seeds.epoch(Seeds.batches(config.seed()), plan.seedIndex(epoch)));
            Dataset.shuffle(order, m, shuffler);
        }
        return order.clone();
    }

    /** The seed of epoch e's dropout masks and augmentation, as {@code Trainer} seeds them. */
    public long noiseSeed(int epoch) {
        return Seeds.epoch(Seeds.noise(config.seed()), plan.seedIndex(epoch));
    }

    /** Floats in all parameters, in {@link Network#parameters()} order. */
    public int parameterFloats() {
        return floats(params);
    }

    /** The weights, flattened in parameter order, into {@code to}. */
    public void weights(float[] to) {
        int at = 0;
        for (Parameter p : params) {
            float[] v = p.value().data;
            int n = p.value().size();
            System.arraycopy(v, 0, to, at, n);
            at += n;
        }
    }

    /** Floats in the network's buffers (batch norm's running statistics; none without batch norm). */
    public int bufferFloats() {
        return Averages.bufferFloats(network);
    }

    /** The network's buffers, flattened in its order, into {@code to}: what the workers start a step from. */
    public void buffers(float[] to) {
        Averages.readBuffers(network, to, 0);
    }

    /**
     * One optimizer step, step {@code step} (0-based) of epoch {@code epoch}, from the batch's gradient
     * (the sum of the workers' {@link Worker#gradient}s) with the batch's loss sum and correct rows; the
     * network's buffers become {@code buffers} ({@link #buffers}' layout: the workers' running statistics
     * after the step's forward passes, combined by the caller; one worker's exactly as it gave them).
     */
    public void step(int epoch, int step, float[] gradient, double batchLossSum, long batchCorrect, int batchRows,
                     float[] buffers) {
        if (step == 0) {
            lossSum = 0;
            correct = 0;
            rows = 0;
        }
        optimizer.setLearningRate(learningRate(epoch, step, plan.stepsPerEpoch()));
        double meanLoss = batchLossSum / batchRows;
        if (!Double.isFinite(meanLoss)) {
            throw new DivergedException(steps, optimizer.learningRate(), (float) meanLoss);
        }
        int from = 0;
        for (Parameter p : params) {
            int n = p.grad().size();
            System.arraycopy(gradient, from, p.grad().data, 0, n);
            from += n;
        }
        optimizer.step(params);
        setBuffers(buffers, 0);
        steps++;
        lossSum += batchLossSum;
        correct += batchCorrect;
        rows += batchRows;
        if (!plan.fullBatch()) {
            listener.onBatch(epoch, step + 1, plan.stepsPerEpoch(), lossSum / rows, (double) correct / rows);
        }
    }

    /**
     * The learning rate of step {@code step} (0-based) of epoch {@code epoch} when an epoch is
     * {@code stepsPerEpoch} steps: the schedule at the global step count, as {@link #step} sets it.
     */
    public double learningRate(int epoch, int step, int stepsPerEpoch) {
        long at = (long) (epoch - 1) * stepsPerEpoch + step;
        return config.optimizer().learningRate()
                * config.schedule().factor(at, stepsPerEpoch, (long) plan.epochs() * stepsPerEpoch);
    }

    /** Whether epoch {@code epoch} (full batch: iteration) ends with a report: a round of averaging ends there. */
    public boolean reportsAfter(int epoch) {
        return plan.reportsAfter(epoch);
    }

    /**
     * Floats in the state a round of averaging carries besides the weights: the optimizer's slots
     * ({@link OptimizerState#readSlots}; none for plain SGD), then the network's buffers (batch norm's running
     * statistics), which the workers' forward passes update.
     */
    public int stateFloats() {
        return optimizer.slotFloats(params) + Averages.bufferFloats(network);
    }

    /** That state ({@link #stateFloats}) into {@code to}. */
    public void state(float[] to) {
        optimizer.readSlots(params, to);
        Averages.readBuffers(network, to, optimizer.slotFloats(params));
    }

    /** Optimizer steps taken so far (Adam's bias correction counts them). */
    public long optimizerSteps() {
        return optimizer.steps();
    }

    /**
     * A round of local steps, its workers' results averaged: each local step's summed loss, correct and rows
     * over the workers, the rate it used, and the weighted means of the workers' weights and state.
     *
     * @param epoch         the round's epoch (full batch: its first iteration, one iteration a local step)
     * @param firstStep     the epoch's local step the round starts at (full batch: 0)
     * @param stepsPerEpoch local steps in an epoch (full batch: 1)
     * @param rates         each local step's learning rate ({@link #learningRate})
     * @param lossSums      each local step's loss summed over its rows on every worker
     * @param corrects      each local step's rows predicted right, on every worker
     * @param rows          each local step's rows, on every worker (at least 1)
     */
    public record Round(int epoch, int firstStep, int stepsPerEpoch, double[] rates, double[] lossSums, long[] corrects,
                        int[] rows) {}

    /**
     * Ends a round of parameter averaging: each local step counts as a step (its stats, divergence check and
     * progress as {@link #step} has them), then the weights and state become the averages (the
     * optimizer's step count advanced by the round's steps).
     *
     * @throws DivergedException when a step's loss or an averaged weight is not finite
     */
    public void average(Round round, float[] weights, float[] state) {
        int k = round.rates().length;
        for (int i = 0; i < k; i++) {
            if (plan.fullBatch() || round.firstStep() + i == 0) {
                lossSum = 0;
                correct = 0;
                rows = 0;
            }
            double meanLoss = round.lossSums()[i] / round.rows()[i];
            if (!Double.isFinite(meanLoss)) {
                throw new DivergedException(steps, round.rates()[i], (float) meanLoss);
            }
            steps++;
            lossSum += round.lossSums()[i];
            correct += round.corrects()[i];
            rows += round.rows()[i];
        }
        double rate = round.rates()[k - 1];
        int at = 0;
        for (Parameter p : params) {
            int n = p.value().size();
            for (int j = at; j < at + n; j++) {
                if (!Float.isFinite(weights[j])) {
                    throw new DivergedException(steps, rate, weights[j]);
                }
            }
            System.arraycopy(weights, at, p.value().data, 0, n);
            at += n;
        }
        optimizer.writeSlots(params, state, optimizer.steps() + k);
        setBuffers(state, optimizer.slotFloats(params));
        optimizer.setLearningRate(rate);
        if (!plan.fullBatch()) {
            listener.onBatch(round.epoch(), round.firstStep() + k, round.stepsPerEpoch(), lossSum / rows,
                    (double) correct / rows);
        }
    }

    /** The buffers from {@code from} at {@code at}; a count (batches tracked) averaged over workers rounds to one. */
    private void setBuffers(float[] from, int at) {
        Averages.writeBuffers(network, from, at);
        List<Buffer> buffers = network.buffers();
        for (int i = 0; i < buffers.size(); i++) {
            Buffer b = buffers.get(i);
            if (b.integer()) {
                float[] v = b.value().data;
                for (int j = 0; j < b.value().size(); j++) {
                    v[j] = (float) Math.rint(v[j]);
                }
            }
        }
    }

    /** After epoch {@code epoch}'s last step: its report when due (dev score, early stopping); true when training stops. */
    public boolean endEpoch(int epoch) {
        done = epoch;
        if (!plan.reportsAfter(epoch)) {
            return false;
        }
        seconds = clock.getAsDouble() - start;
        Predictor.Score devScore = devPredictor == null ? null : devPredictor.score(dev);
        Progress p = plan.progress(epoch, steps, lossSum / rows, (double) correct / rows, devScore, seconds);
        history.add(p);
        listener.onProgress(p);
        if (early != null && early.observe(plan.keptAs(epoch), p.devAccuracy(), p.devLoss())) {
            stopReason = StopReason.PATIENCE;
            return true;
        }
        return false;
    }

    /** The run's record (the best epoch's weights restored under patience) and its optimizer for the checkpoint. */
    public Training.Outcome finish(Dataset testRows) {
        if (early != null) {
            early.restoreBest();
        }
        TrainResult r = new TrainResult(history, steps, seconds, done, early == null ? -1 : early.bestEpoch(), stopReason,
                steps == 0 ? Double.NaN : optimizer.learningRate());
        return new Training.Outcome(network, train, devGiven, testRows, r, optimizer);
    }

    static int floats(List<Parameter> params) {
        int n = 0;
        for (Parameter p : params) {
            n += p.value().size();
        }
        return n;
    }

    /**
     * A worker: some training rows and a replica of the network; the gradient of any of its rows of a
     * batch, and its running statistics after that forward pass. Buffers are allocated once; a gradient
     * allocates nothing.
     */
    public static final class Worker {
        private final Network network;
        private final Dataset rows;
        private final List<Parameter> params;
        private final InputBatch batch;
        private final Augmenter augmenter;
        private final SoftmaxCrossEntropy loss;
        private final Random noise = new Random(0);
        private final int[] labels;
        private final OptimizerState optimizer;     // local steps' own optimizer, or null
        private int correct;
        private boolean augmenting = true;

        /**
         * @param network   a network of the driver's architecture (its weights are replaced at each gradient)
         * @param rows      this worker's training rows
         * @param batchRows the largest number of its rows in one batch
         * @param exact     full batch with every row here: the batch buffers sized exactly, as {@code Trainer}'s
         * @param sparse    {@link StepByStep#sparseInput()}
         * @param augment   {@link StepByStep#augment()}
         */
        public Worker(Network network, Dataset rows, int batchRows, boolean exact, boolean sparse, Augmenter.Settings augment) {
            this(network, rows, batchRows, exact, sparse, augment, null);
        }

        /**
         * A worker that can also take local optimizer steps ({@link #localStep}) with {@code optimizer}, a new
         * optimizer of the run's {@link OptimizerSettings} (its state comes from the driver at each round).
         */
        public Worker(Network network, Dataset rows, int batchRows, boolean exact, boolean sparse, Augmenter.Settings augment,
                      Optimizer optimizer) {
            this(network, rows, batchRows, exact, sparse, augment, optimizer, 0);
        }

        /**
         * A worker whose loss smooths its targets by {@code labelSmoothing} (the run's {@link
         * Settings#labelSmoothing}), as the single-machine loop's does.
         */
        public Worker(Network network, Dataset rows, int batchRows, boolean exact, boolean sparse, Augmenter.Settings augment,
                      Optimizer optimizer, double labelSmoothing) {
            this.loss = new SoftmaxCrossEntropy(labelSmoothing);
            this.network = network;
            this.optimizer = (OptimizerState) optimizer;
            this.rows = rows;
            this.params = network.parameters();
            int b = Math.max(1, batchRows);
            this.batch = sparse ? InputBatch.sparseTraining(rows, b, exact) : InputBatch.dense(b, rows.features());
            this.augmenter = augment == null ? null : new Augmenter(rows.height(), rows.width(), augment);
            this.labels = new int[b];
            network.setNoise(noise);
        }

        /**
         * The gradient of rows {@code which[from..from+n)} (indices into this worker's rows) for the weights
         * {@code weights} and the buffers {@code buffers} (the driver's {@link StepByStep#buffers}), counted as
         * the mean over a batch of {@code batchRows} rows counts them, into {@code gradient} (parameter order);
         * returns the rows' summed loss ({@link #correct()}: those predicted right; {@link #buffers}: the
         * running statistics the forward pass left). n = 0 gives a zero gradient and leaves the buffers.
         */
        public double gradient(float[] weights, float[] buffers, int[] which, int from, int n, int batchRows, long noiseSeed,
                               float[] gradient) {
            correct = 0;
            Averages.writeBuffers(network, buffers, 0);
            if (n == 0) {
                java.util.Arrays.fill(gradient, 0f);
                return 0;
            }
            setWeights(weights);
            double summedLoss = backprop(which, from, n, batchRows, noiseSeed);
            int at = 0;
            for (int i = 0; i < params.size(); i++) {      // indexed: no iterator in a step
                Parameter p = params.get(i);
                int k = p.grad().size();
                System.arraycopy(p.grad().data, 0, gradient, at, k);
                at += k;
            }
            return summedLoss;
        }

        /**
         * Whether the next gradients and local steps augment their rows (when the worker has an augmentation):
         * the driver's {@link StepByStep#augmentsAt} for the step. On until told otherwise.
         */
        public void augmenting(boolean on) {
            augmenting = on;
        }

        /** The replica's buffers (running statistics) into {@code to}, {@link StepByStep#buffers}' layout. */
        public void buffers(float[] to) {
            Averages.readBuffers(network, to, 0);
        }

        /** Starts a round of local steps from the driver's weights, state ({@link StepByStep#state}) and optimizer step count. */
        public void startRound(float[] weights, float[] state, long optimizerSteps) {
            setWeights(weights);
            optimizer.writeSlots(params, state, optimizerSteps);
            Averages.writeBuffers(network, state, optimizer.slotFloats(params));
        }

        /**
         * One local optimizer step on rows {@code which[from..from+n)} (n at least 1): the mean gradient of
         * those rows, then the optimizer's update at {@code learningRate}, as {@code Trainer}'s step. Returns
         * the rows' summed loss ({@link #correct()}: those predicted right). Allocates nothing.
         */
        public double localStep(int[] which, int from, int n, double learningRate, long noiseSeed) {
            double summedLoss = backprop(which, from, n, n, noiseSeed);
            optimizer.setLearningRate(learningRate);
            optimizer.step(params);
            return summedLoss;
        }

        /** Ends a round: this worker's weights and state ({@link StepByStep#state}'s layout). */
        public void endRound(float[] weights, float[] state) {
            int at = 0;
            for (Parameter p : params) {
                int k = p.value().size();
                System.arraycopy(p.value().data, 0, weights, at, k);
                at += k;
            }
            optimizer.readSlots(params, state);
            Averages.readBuffers(network, state, optimizer.slotFloats(params));
        }

        private void setWeights(float[] weights) {
            int at = 0;
            for (int i = 0; i < params.size(); i++) {      // indexed: no iterator in a step
                Parameter p = params.get(i);
                int k = p.value().size();
                System.arraycopy(weights, at, p.value().data, 0, k);
                at += k;
            }
        }

        // batch -> forward -> loss -> backward: the parameters' gradients of n rows counted over batchRows
        private double backprop(int[] which, int from, int n, int batchRows, long noiseSeed) {
            noise.setSeed(noiseSeed);
            batch.fill(rows, which, from, n, labels);
            if (augmenter != null && augmenting) {
                augmenter.apply(batch.denseRows(), noise);
            }
            Tensor logits = batch.forward(network, true);
            float mean = loss.forward(logits, labels);
            correct = loss.correct();
            // dLogits (n, K) = (probabilities - target) / batchRows, the whole batch's row count, so that the
            // workers' gradients add up to the batch's
            network.backward(loss.backward(batchRows));
            return (double) mean * n;
        }

        public int correct() {
            return correct;
        }
    }
}
