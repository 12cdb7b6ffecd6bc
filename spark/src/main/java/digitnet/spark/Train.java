package digitnet.spark;

import digitnet.api.DataParallel;
import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import digitnet.train.Progress;
import digitnet.train.ProgressListener;
import digitnet.api.TrainingRun;
import digitnet.app.cli.TrainOptions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class digitnet.spark.Train digitnet-spark.jar} with {@code digitnet train}'s options:
 * synchronous data-parallel training. The driver reads the data and splits it as {@code digitnet train}
 * does, deals the training rows to {@code --partitions} partitions (contiguous ranges, cached on the
 * executors), and for each step broadcasts the weights and batch norm's running statistics; each partition
 * computes the gradient of its rows of the step's batch ({@link DataParallel.Worker}) and returns it with the
 * running statistics its forward pass left; the driver sums the gradients in partition order, takes the
 * optimizer step and sets the statistics' mean weighted by the partitions' rows in the step. One partition is {@code digitnet train}'s model bit for bit (networks without dropout
 * and augmentation, whose masks each part of a step draws for itself); more give the same model within
 * float rounding, bit-identical from rerun to rerun. The model file is the same format. {@code --average-every K}
 * trades the one-machine model for one exchange per K local steps ({@link Averaging}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train on a Spark cluster, data-parallel and synchronous: digitnet train's options and model.")
public final class Train implements SparkJob.Options {
    @Mixin TrainOptions options;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Partitions of the training rows, each a task per step (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--average-every", paramLabel = "K", defaultValue = "0",
            description = "Average weights and optimizer state every K local steps instead of synchronous steps: "
                    + "fewer exchanges, not the one-machine model (docs/spark.md). Default: ${DEFAULT-VALUE} (synchronous).")
    int averageEvery;

    @Option(names = "--verbose", description = "Spark's log and stack traces on errors.")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    public static void main(String[] args) {
        Train t = new Train();
        SparkJob.main("train", t, args, t::train);
    }

    /** Runs in a session of the caller's (tests); returns the exit code. */
    public static int run(SparkSession spark, java.io.PrintStream err, String... args) {
        Train t = new Train();
        return SparkJob.run("train", t, args, spark, t::train, err);
    }

    /** One partition's training rows. */
    record Shard(byte[] pixels, int[] labels, int height, int width, int classes) implements Serializable {}

    /** What a step's partitions start from: the driver's weights and buffers (batch norm's running statistics). */
    record StepStart(float[] weights, float[] buffers) implements Serializable {}

    /**
     * A partition's part of a step: its gradient, its rows' summed loss, how many it predicted right, its rows
     * in the step and the buffers (running statistics) its forward pass left.
     */
    record Part(float[] gradient, double loss, long correct, int rows, float[] buffers) implements Serializable {}

    private int train(SparkSession spark) {
        long t0 = System.nanoTime();
        if (averageEvery < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--average-every must be >= 0 (0: synchronous steps), got " + averageEvery);
        }
        TrainOptions.Request request = options.request();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DataParallel run = DataParallel.start(request.data(), request.settings(), printer());
        Digits train = run.trainRows();
        int m = train.count();
        int p = Math.max(1, Math.min(m, partitions > 0 ? partitions : jsc.defaultParallelism()));
        int[] first = new int[p + 1];
        List<Shard> shards = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            first[i + 1] = (int) ((long) (i + 1) * m / p);
        }
        for (int i = 0; i < p; i++) {
            shards.add(shard(train, first[i], first[i + 1]));
        }
        System.out.printf(Locale.ROOT, "data: %d training rows in %d partitions; %d epochs of %d steps, batch %d%n", m, p,
                run.epochs(), run.stepsPerEpoch(), run.batchRows());
        JavaRDD<Shard> cached = jsc.parallelize(shards, p).persist(StorageLevel.MEMORY_AND_DISK());
        Broadcast<byte[]> replica = jsc.broadcast(run.replicaFile());
        StepJob job = new StepJob(java.util.UUID.randomUUID().toString(), replica, first, run.batchRows(), run.fullBatch(),
                run.sparseInput(), run.augment(), run.parameterFloats());
        try {
            if (averageEvery > 0) {
                Averaging a = new Averaging(jsc, run, cached, job, first, averageEvery);
                System.out.printf(Locale.ROOT, "averaging: weights and optimizer state averaged every %d local steps"
                        + " of %d rows a partition (%d local steps an epoch), not synchronous steps%n", averageEvery,
                        a.localBatch(), a.stepsPerEpoch());
                a.train();
            } else {
                synchronous(jsc, run, cached, job, m, p);
            }
        } finally {
            cached.unpersist(false);
            replica.destroy();
        }
        TrainingRun result = run.finish();
        result.model().save(request.model());
        System.out.printf(Locale.ROOT, "done: %d steps in %.2f s (training loop), %.2f s in all; stopped: %s%n",
                result.steps(), result.trainSeconds(), (System.nanoTime() - t0) / 1e9,
                result.stopReason().name().toLowerCase(Locale.ROOT));
        System.out.printf(Locale.ROOT, "train accuracy %.4f%s%n", result.train().accuracy(),
                result.dev() == null ? "" : String.format(Locale.ROOT, ", dev accuracy %.4f", result.dev().accuracy()));
        System.out.println("model saved to " + request.model());
        return 0;
    }

    /**
     * Synchronous steps: each step's gradients summed over the partitions in partition order, then the step;
     * the running statistics the partitions' forward passes left, averaged weighted by their rows in the step
     * (one partition: its own), are the network's for the next step.
     */
    private static void synchronous(JavaSparkContext jsc, DataParallel run, JavaRDD<Shard> cached, StepJob job, int m, int p) {
        float[] weights = new float[run.parameterFloats()], sum = new float[weights.length];
        float[] buffers = new float[run.bufferFloats()];
        List<float[]> stats = new ArrayList<>(p);
        long[] rows = new long[p];
        for (int epoch = 1; epoch <= run.epochs(); epoch++) {
            Broadcast<int[]> order = jsc.broadcast(run.order(epoch));
            long noise = run.noiseSeed(epoch);
            for (int s = 0; s < run.stepsPerEpoch(); s++) {
                int from = s * run.batchRows(), n = Math.min(run.batchRows(), m - from);
                run.weights(weights);
                run.buffers(buffers);
                Broadcast<StepStart> w = jsc.broadcast(new StepStart(weights.clone(), buffers.clone()));
                int step = s;
                boolean augmentNow = run.augmentsAt(epoch, s);
                List<Part> parts = cached.mapPartitionsWithIndex(
                        (index, it) -> Collections.singletonList(job.part(index, it.next(), w.value(), order.value(),
                                from, n, noise, step, p, augmentNow)).iterator(), true).collect();
                w.destroy();
                Arrays.fill(sum, 0f);
                stats.clear();
                double loss = 0;
                long correct = 0;
                for (int i = 0; i < parts.size(); i++) {   // partition order: the same sums on every run
                    Part part = parts.get(i);
                    float[] g = part.gradient();
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += g[j];
                    }
                    loss += part.loss();
                    correct += part.correct();
                    stats.add(part.buffers());
                    rows[i] = part.rows();
                }
                if (buffers.length > 0) {
                    DataParallel.weightedMean(stats, rows, buffers.length, buffers);
                }
                run.step(epoch, s, sum, loss, correct, n, buffers);
            }
            order.destroy();
            if (run.endEpoch(epoch)) {
                break;
            }
        }
    }

    private static Shard shard(Digits train, int from, int to) {
        int f = train.height() * train.width();
        byte[] pixels = new byte[(to - from) * f];
        int[] labels = new int[to - from];
        for (int r = from; r < to; r++) {
            System.arraycopy(train.image(r), 0, pixels, (r - from) * f, f);
            labels[r - from] = train.label(r);
        }
        return new Shard(pixels, labels, train.height(), train.width(), train.classes());
    }

    private static ProgressListener printer() {
        return new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                System.out.printf(Locale.ROOT, "%s: train loss %.4f, accuracy %.4f; dev accuracy %.4f%n",
                        p.epoch() > 0 ? "epoch " + p.epoch() : "iteration " + p.iteration(), p.trainLoss(),
                        p.trainAccuracy(), p.devAccuracy());
            }
        };
    }

    /** What every step's tasks share; a partition's worker is built once per executor JVM and run. */
    record StepJob(String id, Broadcast<byte[]> replica, int[] first, int batchRows, boolean fullBatch, boolean sparse,
                   boolean augment, int floats) implements Serializable {
        private static final Map<String, DataParallel.Worker> WORKERS = new ConcurrentHashMap<>();

        Part part(int index, Shard shard, StepStart start, int[] order, int from, int n, long noiseSeed, int step, int p,
                  boolean augmentNow) {
            DataParallel.Worker w = workerFor(index, shard);
            int lo = first[index], hi = first[index + 1];
            int[] mine = new int[n];
            int k = 0;
            for (int j = from; j < from + n; j++) {
                if (order[j] >= lo && order[j] < hi) {
                    mine[k++] = order[j] - lo;
                }
            }
            float[] gradient = new float[floats], buffers = new float[start.buffers().length];
            long seed = partSeed(noiseSeed, step, p, index);
            synchronized (w) {
                w.augmenting(augmentNow);
                double loss = w.gradient(start.weights(), start.buffers(), mine, 0, k, n, seed, gradient);
                w.buffers(buffers);
                return new Part(gradient, loss, w.correct(), k, buffers);
            }
        }

        /** Partition {@code index}'s worker in this executor JVM, built on its first task. */
        DataParallel.Worker workerFor(int index, Shard shard) {
            return WORKERS.computeIfAbsent(id + "/" + index, k -> worker(shard));
        }

        /** The seed of a part's dropout masks and augmentation, drawn from (seed, epoch, step, partition). */
        static long partSeed(long noiseSeed, int step, int p, int index) {
            return noiseSeed ^ (0x9E3779B97F4A7C15L * ((long) step * p + index + 1));
        }

        private DataParallel.Worker worker(Shard s) {
            Model model = ExecutorModels.get(replica.value(), "replica.safetensors");
            Digits rows = Digitnet.digits(s.pixels(), s.labels(), s.height(), s.width(), s.classes(), "partition");
            return DataParallel.worker(model, rows, Math.min(batchRows, Math.max(1, s.labels().length)),
                    fullBatch, sparse, augment);
        }
    }
}
