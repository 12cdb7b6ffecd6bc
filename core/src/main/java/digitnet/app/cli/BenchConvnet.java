package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.nn.Shape;
import digitnet.tensor.Parallel;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Progress;
import digitnet.train.ProgressListener;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.TrainResult;
import digitnet.train.Trainer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * digitnet's side of the convnet workload of {@code digitnet bench}: Keras' "simple MNIST convnet"
 * on 28x28 images, trained with Adam (learning rate 0.001), batch 64, and read in chunks of 1,000.
 * scripts/bench_torch.py runs the same network in PyTorch.
 */
final class BenchConvnet {
    /** The Keras convnet in the list syntax of {@code train --layers}. */
    static final String LAYERS = "conv:32:3,relu,maxpool:2,conv:64:3,relu,maxpool:2,flatten,dropout:0.5,linear:10";
    /** Images of a full epoch. */
    static final int EPOCH = 60_000;
    /**
     * Multiply-adds of one image, counted as 2 FLOPs each: forward conv1 26*26*32*9, conv2
     * 11*11*64*288, linear 1600*10; training adds the weight gradients of all three and the input
     * gradients of conv2 and the linear layer (the first layer computes none), so 3x forward less
     * conv1's input gradient.
     */
    static final double FORWARD_FLOPS = 2.0 * (26 * 26 * 32 * 9 + 11 * 11 * 64 * 288 + 1600 * 10);
    static final double TRAIN_FLOPS = 3 * FORWARD_FLOPS - 2.0 * 26 * 26 * 32 * 9;

    /** Batches of the untimed warm-up, on both sides: one pass over the first 640 images, that network thrown away. */
    static final int WARM_UP_IMAGES = 640;
    /** Parts the timed pass is split into: the first is reported as cold, the median of the others as steady. */
    static final int PARTS = 4;
    static final int BATCH = 64;

    private BenchConvnet() {}

    /**
     * @param secondsPerEpoch the timed pass's wall time, scaled to an epoch of 60,000 images
     * @param firstPartSecondsPerEpoch the first of its {@link #PARTS} parts (cold), scaled alike
     * @param steadySecondsPerEpoch the median of the other parts, scaled alike
     * @param measuredImages images actually trained on in the timed run (a fraction of an epoch
     *                       when asked)
     * @param cpuSecondsPerEpoch the CPU time this process spent meanwhile (all its threads: kernels,
     *                       compiler, collector), scaled alike: on a loaded machine the time the
     *                       work took when it ran, where the wall time also counts the waits for a core
     */
    record Result(double secondsPerEpoch, double firstPartSecondsPerEpoch, double steadySecondsPerEpoch,
                  double cpuSecondsPerEpoch, int measuredImages, double trainAccuracy, Network network) {}

    static LayerList list(Shape image, int classes) {
        return LayerList.of(image, LayerListSyntax.parse(LAYERS), classes);
    }

    /** Images timed for a fraction of the 60,000-image epoch: at least one batch per part. */
    static int measuredImages(double fraction, int rows) {
        return Math.min(rows, Math.max(BATCH * PARTS, (int) Math.round(fraction * rows)));
    }

    /** The batch index where each of {@code k} nearly equal parts of {@code batches} batches starts, and the end. */
    static int[] parts(int batches, int k) {
        int[] bounds = new int[k + 1];
        for (int i = 0; i <= k; i++) {
            bounds[i] = (int) ((long) i * batches / k);
        }
        return bounds;
    }

    /**
     * Trains a fresh network (He init, seed 1) for one pass over the first {@code fraction} of
     * {@code rows} (at least one batch per part) after an untimed warm-up pass of another over
     * {@code warmUp}, times the pass and each of its {@link #PARTS} parts, and scales the times to
     * an epoch of 60,000 images.
     */
    static Result train(Dataset rows, Dataset warmUp, double fraction) {
        LayerList list = list(Shape.image(rows.height(), rows.width()), rows.classes());
        trainer(ProgressListener.NONE).train(network(list), warmUp, null);
        int n = measuredImages(fraction, rows.count());
        Dataset measured = n >= rows.count() ? rows : BenchCommand.prefix(rows, n);
        int batches = (n + BATCH - 1) / BATCH;
        int[] bounds = parts(batches, PARTS);
        long[] ends = new long[PARTS + 1];
        ProgressListener timing = new ProgressListener() {
            private int part;

            @Override
            public void onProgress(Progress progress) {}

            @Override
            public void onBatch(int epoch, int batch, int batchesPerEpoch, double meanLoss, double meanAccuracy) {
                if (part < PARTS && batch == bounds[part + 1]) {
                    ends[++part] = System.nanoTime();
                }
            }
        };
        Network network = network(list);
        long cpu0 = processCpuNanos();
        ends[0] = System.nanoTime();
        TrainResult r = trainer(timing).train(network, measured, null);
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        List<Double> steady = new ArrayList<>();
        double first = Double.NaN;
        for (int k = 0; k < PARTS; k++) {
            int images = Math.min(n, bounds[k + 1] * BATCH) - bounds[k] * BATCH;
            double perEpoch = (ends[k + 1] - ends[k]) / 1e9 * EPOCH / images;
            if (k == 0) {
                first = perEpoch;
            } else {
                steady.add(perEpoch);
            }
        }
        double accuracy = r.history().get(r.history().size() - 1).trainAccuracy();
        return new Result(r.trainSeconds() * EPOCH / n, first, BenchDigitnet.median(steady), cpuSeconds * EPOCH / n, n,
                accuracy, network);
    }

    /** CPU time of this process (all threads), or 0 where the JVM does not tell. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static Network network(LayerList list) {
        return Network.initialised(Architecture.of(list), Init.HE, 1);
    }

    private static Trainer trainer(ProgressListener listener) {
        Settings config = Settings.of(new NetworkSpec.Layers(LayerListSyntax.parse(LAYERS)), Init.HE,
                OptimizerSettings.adam(0.001), new Steps(BATCH, 1, 0, 1), 1);
        return new Trainer(config, config.optimizer().create(), listener);
    }

    /**
     * Times the convnet at each thread count after the peers' figures (their "convnet" and
     * "convnet_inference" lines) and prints both with the ratios and the GFLOP/s.
     */
    static void report(PrintWriter out, BenchPeers peers, List<Integer> threads, Dataset rows60k, double fraction,
                       double seconds, double peak) {
        int n = measuredImages(fraction, rows60k.count());
        int batches = (n + BATCH - 1) / BATCH;
        out.printf(Locale.ROOT, "%nconvnet %s, Adam 0.001, batch 64: seconds per epoch of 60,000 images%s%n", LAYERS,
                n >= EPOCH ? "" : String.format(Locale.ROOT, " (%,d images timed and scaled to 60,000)", n));
        out.printf(Locale.ROOT, "  each side: an untimed warm-up pass over the first %d images (%d batches, that network"
                + " thrown away), then one pass of a fresh network timed in %d parts of about %s;%n"
                + "  first: the first part (cold); steady: the median of the other %d; each scaled to 60,000 images%n",
                WARM_UP_IMAGES, WARM_UP_IMAGES / BATCH, PARTS, BenchPeers.plural(batches / PARTS, "batch"), PARTS - 1);
        out.printf(Locale.ROOT, "  FLOPs per image: %.1f M forward, %.1f M training step; GFLOP/s of the steady figure"
                + " (wall time) in brackets; cpu s: the process's CPU time per epoch over the whole pass%n",
                FORWARD_FLOPS / 1e6, TRAIN_FLOPS / 1e6);
        out.printf(Locale.ROOT, "  %-44s %12s %10s%n", "", "first (cold)", "steady");
        List<JsonNode> torch = peers.workload("convnet");
        for (JsonNode r : torch) {
            double steady = r.path("steady_seconds_per_epoch").asDouble(Double.NaN);
            out.printf(Locale.ROOT, "  %-44s %10.3f s %8.3f s  %s %8.3f cpu s  train accuracy %.4f on %,d images%n",
                    peers.label(r), r.path("first_part_seconds_per_epoch").asDouble(Double.NaN), steady,
                    BenchFlops.rate(TRAIN_FLOPS * EPOCH, steady, peak), r.path("cpu_seconds_per_epoch").asDouble(Double.NaN),
                    r.get("accuracy").asDouble(), r.get("images").asInt());
            out.flush();
        }
        Result last = null;
        for (int t : threads) {
            Parallel.setThreads(t);
            last = train(rows60k, BenchCommand.prefix(rows60k, WARM_UP_IMAGES), fraction);
            out.printf(Locale.ROOT, "  %-44s %10.3f s %8.3f s  %s %8.3f cpu s  train accuracy %.4f on %,d images%s%n",
                    "digitnet, " + BenchPeers.plural(t, "thread"), last.firstPartSecondsPerEpoch(),
                    last.steadySecondsPerEpoch(), BenchFlops.rate(TRAIN_FLOPS * EPOCH, last.steadySecondsPerEpoch(), peak),
                    last.cpuSecondsPerEpoch(), last.trainAccuracy(), last.measuredImages(),
                    peers.against(torch, "first_part_seconds_per_epoch", "steady_seconds_per_epoch",
                            last.firstPartSecondsPerEpoch(), last.steadySecondsPerEpoch()));
            out.flush();
        }
        out.printf(Locale.ROOT, "%nconvnet inference: images per second in chunks of 1,000%n");
        for (JsonNode r : peers.workload("convnet_inference")) {
            double ips = r.get("images_per_second_batch1000").asDouble();
            out.printf(Locale.ROOT, "  %-44s %,12.0f images/s   %s%n", peers.label(r), ips,
                    BenchFlops.rate(FORWARD_FLOPS, 1 / ips, peak));
        }
        Dataset images = BenchCommand.prefix(rows60k, 10_000);
        for (int t : threads) {
            Parallel.setThreads(t);
            double ips = inference(last.network(), images, seconds);
            out.printf(Locale.ROOT, "  %-44s %,12.0f images/s   %s%n", "digitnet, " + BenchPeers.plural(t, "thread"),
                    ips, BenchFlops.rate(FORWARD_FLOPS, 1 / ips, peak));
            out.flush();
        }
        Parallel.setThreads(threads.get(0));
    }

    /** Images per second through {@link Predictor} in chunks of 1,000, for about {@code seconds}. */
    static double inference(Network network, Dataset images, double seconds) {
        Predictor predictor = new Predictor(network);
        int[] predicted = new int[images.count()];
        predictor.predict(images, predicted, null);
        long n = 0, t0 = System.nanoTime();
        while (n < 2 || System.nanoTime() - t0 < seconds * 1e9) {
            predictor.predict(images, predicted, null);
            n++;
        }
        return n * images.count() / ((System.nanoTime() - t0) / 1e9);
    }
}
