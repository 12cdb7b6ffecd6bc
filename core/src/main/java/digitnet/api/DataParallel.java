package digitnet.api;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.train.Averages;
import digitnet.train.HeldOutRows;
import digitnet.train.Preset;
import digitnet.train.ProgressListener;
import digitnet.train.Seeds;
import digitnet.train.Settings;
import digitnet.train.Splits;
import digitnet.train.StepByStep;
import digitnet.train.TrainResult;
import digitnet.train.Training;
import digitnet.train.TrainingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@link Digitnet#run} taken apart for data-parallel training (digitnet on Apache Spark, docs/spark.md):
 * the same split, network, initial weights, row order and schedule, with each step's gradient computed by
 * {@link Worker}s on parts of the batch and summed by the caller, and the network's running statistics (batch
 * norm's) those workers' replicas reached in the step, combined by the caller ({@link #weightedMean} by rows;
 * one worker's as they are) and carried to the next step's workers. With one worker holding every training
 * row, {@link #finish()} is the model {@code Digitnet.run} trains, bit for bit (networks without dropout
 * and augmentation; with them each worker draws its own masks). The settings' {@code maxSeconds} is refused.
 *
 * <p>Parameter averaging trades that for fewer exchanges: each worker starts a round from the driver's
 * {@link #weights} and {@link #state}, takes local optimizer steps on its own rows
 * ({@link Worker#localStep}), and the driver sets the {@link #weightedMean} of the workers' weights and
 * states ({@link #average}).
 */
public final class DataParallel {
    private final Dataset all;
    private final Settings settings;
    private final TrainingRecord recorded;
    private final Splits splits;
    private final Network network;
    private final StepByStep run;

    private DataParallel(Dataset all, Settings settings, TrainingRecord recorded, Splits splits, Network network,
            StepByStep run) {
        this.all = all;
        this.settings = settings;
        this.recorded = recorded;
        this.splits = splits;
        this.network = network;
        this.run = run;
    }

    /**
     * The run of {@code settings} on {@code data}, before its first step.
     *
     * @param data     labelled images; the dev and test rows of {@code settings} are held out of training
     * @param settings how to train (without {@code maxSeconds})
     * @param listener progress after each report, and after each mini-batch
     * @return the run's driver side
     */
    public static DataParallel start(Digits data, Settings settings, ProgressListener listener) {
        Dataset all = data.dataset();
        if (!all.labelled()) {
            throw new InputException(all.source() + ": has no labels; training needs labelled images");
        }
        HeldOutRows heldOut = settings.heldOut();
        heldOut.trainRows(all.count());          // refuses held-out rows that leave none to train on
        Architecture arch = settings.network().architecture(all.channels(), all.height(), all.width(), all.classes());
        TrainingRecord recorded = TrainingRuns.recorded(settings, all, data.contentSha256());
        Splits splits = Splits.of(all, heldOut.devRows(), heldOut.testRows(), settings.seed());
        Network network = arch.isLayerList() ? Network.create(arch) : Network.create(arch, settings.network().dropout());
        network.initialise(settings.init(), Seeds.random(Seeds.init(settings.seed())));
        StepByStep run = new StepByStep(settings, network, splits.train(), splits.dev(), listener);
        return new DataParallel(all, settings, recorded, splits, network, run);
    }

    /** @return the rows training steps on, which the caller deals out to its workers */
    public Digits trainRows() {
        return new Digits(splits.train());
    }

    /** @return epochs (full batch: iterations) */
    public int epochs() {
        return run.epochs();
    }

    /** @return steps in each epoch */
    public int stepsPerEpoch() {
        return run.stepsPerEpoch();
    }

    /** @return rows of a full batch; the last batch of an epoch may hold fewer */
    public int batchRows() {
        return run.batchRows();
    }

    /** @return whether each step is one batch of every training row, in stored order */
    public boolean fullBatch() {
        return run.fullBatch();
    }

    /** @return whether workers read batches sparse (pass to {@link #worker}) */
    public boolean sparseInput() {
        return run.sparseInput();
    }

    /** @return whether workers augment their rows (pass to {@link #worker}) */
    public boolean augment() {
        return run.augment() != null;
    }

    /**
     * @param epoch 1-based
     * @return the epoch's order of the training rows (indices into {@link #trainRows()}); step s is its
     *         rows s x batchRows onwards
     */
    public int[] order(int epoch) {
        return run.order(epoch);
    }

    /**
     * Whether a step augments its rows: the settings' first {@code augmentFor} of the steps do, as in
     * {@code digitnet train}; pass it to each worker's {@link Worker#augmenting} before the step.
     *
     * @param epoch 1-based
     * @param step  0-based step of the epoch
     * @return whether that step augments (false whenever {@link #augment()} is)
     */
    public boolean augmentsAt(int epoch, int step) {
        return run.augmentsAt(epoch, step);
    }

    /**
     * @param epoch 1-based
     * @return the seed of the epoch's dropout masks and augmentation
     */
    public long noiseSeed(int epoch) {
        return run.noiseSeed(epoch);
    }

    /** @return floats in the weights and in a gradient */
    public int parameterFloats() {
        return run.parameterFloats();
    }

    /**
     * The current weights, flattened in the network's parameter order.
     *
     * @param to at least {@link #parameterFloats()} floats
     */
    public void weights(float[] to) {
        run.weights(to);
    }

    /** @return floats in the network's buffers (batch norm's running statistics; 0 without batch norm) */
    public int bufferFloats() {
        return run.bufferFloats();
    }

    /**
     * The current buffers (batch norm's running statistics), flattened in the network's order: what the
     * workers start the next step's forward passes from ({@link Worker#gradient}).
     *
     * @param to at least {@link #bufferFloats()} floats
     */
    public void buffers(float[] to) {
        run.buffers(to);
    }

    /**
     * One optimizer step from the batch's gradient, the sum of its workers' gradients.
     *
     * @param epoch     1-based
     * @param step      0-based within the epoch
     * @param gradient  summed gradient, parameter order
     * @param lossSum   summed loss of the batch's rows
     * @param correct   rows of the batch predicted right before the step
     * @param rows      rows in the batch
     * @param buffers   the network's buffers after the step: the workers' {@link Worker#buffers}, their
     *                  {@link #weightedMean} by the rows each had in the batch (one worker's as they are)
     */
    public void step(int epoch, int step, float[] gradient, double lossSum, long correct, int rows, float[] buffers) {
        run.step(epoch, step, gradient, lossSum, correct, rows, buffers);
    }

    /**
     * The learning rate of a step by the global step count, as the schedule gives it to {@link #step}.
     *
     * @param epoch         1-based (full batch: the iteration)
     * @param step          0-based, within the epoch
     * @param stepsPerEpoch steps in an epoch (a worker's local steps when averaging)
     * @return the rate
     */
    public double learningRate(int epoch, int step, int stepsPerEpoch) {
        return run.learningRate(epoch, step, stepsPerEpoch);
    }

    /**
     * @param epoch 1-based (full batch: the iteration)
     * @return whether the epoch ends with a progress report (dev score, patience): a round of averaging
     *         that reaches it ends with it
     */
    public boolean reportsAfter(int epoch) {
        return run.reportsAfter(epoch);
    }

    /**
     * @return floats in the state a round of averaging carries besides the weights: the optimizer's (Adam's
     *         two moments, a velocity; none for plain SGD), then batch norm's running statistics
     */
    public int stateFloats() {
        return run.stateFloats();
    }

    /**
     * The state a round of averaging carries besides the weights: the optimizer's slots, slot by slot, each in
     * parameter order, then the network's buffers (batch norm's running statistics).
     *
     * @param to at least {@link #stateFloats()} floats
     */
    public void state(float[] to) {
        run.state(to);
    }

    /** @return optimizer steps taken so far */
    public long optimizerSteps() {
        return run.optimizerSteps();
    }

    /**
     * Ends a round of parameter averaging: each of its local steps counts as a step (the progress, the
     * divergence check), then the weights and the state (optimizer, running statistics) become the workers'
     * averages.
     *
     * @param round   the round's steps: their rates and, summed over the workers in order, losses, correct rows, rows
     * @param weights the workers' weights averaged ({@link #weightedMean}), parameter order
     * @param state   their states (optimizer, running statistics) averaged, {@link #state}'s layout
     */
    public void average(StepByStep.Round round, float[] weights, float[] state) {
        run.average(round, weights, state);
    }

    /**
     * The mean of {@code parts} weighted by {@code weights}, element by element, summed in the parts' order:
     * the same bits on every run; one part gives its own floats back.
     *
     * @param parts   the workers' arrays, in worker order
     * @param weights each one's weight (rows it trained on), at least one above 0
     * @param n       floats to average
     * @param out     receives the mean
     */
    public static void weightedMean(List<float[]> parts, long[] weights, int n, float[] out) {
        Averages.weightedMean(parts, weights, n, out);
    }

    /**
     * After an epoch's last step: its progress report when one is due.
     *
     * @param epoch 1-based
     * @return true when training stops early (patience)
     */
    public boolean endEpoch(int epoch) {
        return run.endEpoch(epoch);
    }

    /**
     * A model file of the network as it is now, from which {@link #worker} builds a replica.
     *
     * @return the file's bytes
     */
    public byte[] replicaFile() {
        try {
            Path dir = Files.createTempDirectory("digitnet-replica");
            Path f = dir.resolve("replica.safetensors");
            try {
                model(null, Map.of()).save(f);
                return Files.readAllBytes(f);
            } finally {
                Files.deleteIfExists(f);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The run's end: the model (scored on each split, with the optimizer's checkpoint) and its record,
     * as {@link Digitnet#run} gives them.
     *
     * @return the training run
     */
    public TrainingRun finish() {
        Training.Outcome o = run.finish(splits.test());
        Predictor predictor = new Predictor(o.network());
        Score train = TrainingRuns.score(predictor, o.train()), dev = TrainingRuns.score(predictor, o.dev()),
                test = TrainingRuns.score(predictor, o.test());
        TrainResult r = o.result();
        Model model = model(r, TrainingRuns.metrics(train, dev, test), o);
        return new TrainingRun(model, r.stopReason(), r.iterations(), r.epochsDone(), r.bestEpoch(),
                r.trainSeconds(), r.lastLearningRate(), r.history(),
                new Digits(o.train()), new Digits(o.dev()), new Digits(o.test()), train, dev, test);
    }

    private Model model(TrainResult r, Map<String, Object> metrics) {
        return model(r, metrics, null);
    }

    private Model model(TrainResult r, Map<String, Object> metrics, Training.Outcome o) {
        ModelInfo info = new ModelInfo(network.architecture(), all.channels(), all.height(), all.width(), all.names(),
                recorded, metrics);
        return new Model(network, info, o == null ? Map.of() : o.checkpoint(), "trained on " + all.source(),
                r == null ? List.of() : r.history());
    }

    /**
     * A worker: a replica of the network and some training rows.
     *
     * @param replica   {@link #replicaFile()} loaded ({@link Digitnet#load}); this worker's own copy
     * @param rows      the worker's training rows
     * @param batchRows the most of its rows one batch can hold
     * @param exact     true in full-batch runs (every batch holds all its rows)
     * @param sparse    {@link #sparseInput()}
     * @param augment   {@link #augment()}
     * @return the worker
     */
    public static Worker worker(Model replica, Digits rows, int batchRows, boolean exact, boolean sparse, boolean augment) {
        Dataset d = rows.dataset();
        return new Worker(new StepByStep.Worker(replica.copy().internalNetwork(), d, batchRows, exact, sparse,
                augment ? Preset.augmentation(d.height(), d.width()) : null,
                replica.settings().map(s -> s.optimizer().create()).orElse(null),
                replica.settings().map(Settings::labelSmoothing).orElse(0.0)));
    }

    /**
     * The gradient of some of a batch's rows, or local optimizer steps on them (the replica's recorded
     * optimizer settings); allocates nothing per call.
     */
    public static final class Worker {
        private final StepByStep.Worker worker;

        private Worker(StepByStep.Worker worker) {
            this.worker = worker;
        }

        /**
         * The gradient of rows {@code which[from..from+n)} of the worker's rows for {@code weights}, counted
         * as the mean over a batch of {@code batchRows} rows counts them; the forward pass starts from
         * {@code buffers} and updates them ({@link #buffers}).
         *
         * @param weights   the driver's weights ({@link DataParallel#weights})
         * @param buffers   the driver's buffers ({@link DataParallel#buffers})
         * @param which     indices into the worker's rows
         * @param from      first of them
         * @param n         how many (0 gives a zero gradient)
         * @param batchRows rows in the whole batch
         * @param noiseSeed the seed of this part's dropout masks and augmentation
         * @param gradient  receives the gradient, parameter order
         * @return the rows' summed loss
         */
        public double gradient(float[] weights, float[] buffers, int[] which, int from, int n, int batchRows,
                long noiseSeed, float[] gradient) {
            return worker.gradient(weights, buffers, which, from, n, batchRows, noiseSeed, gradient);
        }

        /**
         * Whether the next gradients and local steps augment their rows (a worker made with augmentation; on
         * until told otherwise).
         *
         * @param on {@link DataParallel#augmentsAt} of the step about to run
         */
        public void augmenting(boolean on) {
            worker.augmenting(on);
        }

        /**
         * The replica's buffers after the last {@link #gradient}: batch norm's running statistics updated by
         * its rows (the driver's, unchanged, when it had none).
         *
         * @param to receives them, {@link DataParallel#bufferFloats()} floats
         */
        public void buffers(float[] to) {
            worker.buffers(to);
        }

        /**
         * Starts a round of local steps.
         *
         * @param weights        the driver's weights ({@link DataParallel#weights})
         * @param state          its state ({@link DataParallel#state}: optimizer, running statistics)
         * @param optimizerSteps its optimizer's steps ({@link DataParallel#optimizerSteps})
         */
        public void startRound(float[] weights, float[] state, long optimizerSteps) {
            worker.startRound(weights, state, optimizerSteps);
        }

        /**
         * One local optimizer step: the mean gradient of rows {@code which[from..from+n)} of the worker's
         * rows, then the optimizer's update.
         *
         * @param which        indices into the worker's rows
         * @param from         first of them
         * @param n            how many, at least 1
         * @param learningRate the step's rate ({@link DataParallel#learningRate})
         * @param noiseSeed    the seed of the step's dropout masks and augmentation
         * @return the rows' summed loss
         */
        public double localStep(int[] which, int from, int n, double learningRate, long noiseSeed) {
            return worker.localStep(which, from, n, learningRate, noiseSeed);
        }

        /**
         * Ends a round: the weights and state (optimizer, running statistics) the local steps reached.
         *
         * @param weights receives the weights, {@link DataParallel#parameterFloats()} floats
         * @param state   receives the state, {@link DataParallel#stateFloats()} floats
         */
        public void endRound(float[] weights, float[] state) {
            worker.endRound(weights, state);
        }

        /** @return rows of the last gradient or local step predicted right */
        public int correct() {
            return worker.correct();
        }
    }
}
