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
import digitnet.train.OptimizerConfig;
import digitnet.train.Schedule;
import digitnet.train.TrainConfig;
import digitnet.train.TrainResult;
import digitnet.train.Trainer;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
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

    private BenchConvnet() {}

    /**
     * @param measuredImages images actually trained on in the timed run (a fraction of an epoch
     *                       when asked); {@code secondsPerEpoch} is their time scaled to 60,000
     * @param cpuSecondsPerEpoch the CPU time this process spent meanwhile (all its threads: kernels,
     *                       compiler, collector), scaled alike: on a loaded machine the time the
     *                       work took when it ran, where the wall time also counts the waits for a core
     */
    record Result(double secondsPerEpoch, double cpuSecondsPerEpoch, int measuredImages, double trainAccuracy,
                  Network network) {}

    static LayerList list(Shape image, int classes) {
        return LayerList.of(image, LayerListSyntax.parse(LAYERS), classes);
    }

    /**
     * Trains a fresh network (He init, seed 1) for one pass over the first {@code fraction} of
     * {@code rows} (at least one batch) after a warm-up pass over {@code warmUp}, and scales its
     * time to an epoch of 60,000 images.
     */
    static Result train(Dataset rows, Dataset warmUp, double fraction) {
        LayerList list = list(Shape.image(rows.height(), rows.width()), rows.classes());
        run(list, warmUp);
        int n = Math.max(64, (int) Math.round(fraction * rows.count()));
        Dataset measured = n >= rows.count() ? rows : BenchCommand.prefix(rows, n);
        Network network = network(list);
        long cpu0 = processCpuNanos();
        TrainResult r = trainer().train(network, measured, null);
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        double accuracy = r.history().get(r.history().size() - 1).trainAccuracy();
        return new Result(r.trainSeconds() * EPOCH / n, cpuSeconds * EPOCH / n, n, accuracy, network);
    }

    /** CPU time of this process (all threads), or 0 where the JVM does not tell. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    private static void run(LayerList list, Dataset rows) {
        trainer().train(network(list), rows, null);
    }

    private static Network network(LayerList list) {
        return Network.initialised(Architecture.of(list), Init.HE, 1);
    }

    private static Trainer trainer() {
        OptimizerConfig adam = new OptimizerConfig(OptimizerConfig.Kind.ADAM, 0.9, 0.9, 0.999, 0);
        TrainConfig config = new TrainConfig(List.of(), Init.HE, 0, 1, 64, 0.001, 1, 1, adam,
                new Schedule.Constant(), 0, null, 0, 0).withLayers(LayerListSyntax.parse(LAYERS));
        return new Trainer(config, adam.create(config.learningRate()), p -> { });
    }

    /**
     * Times the convnet at each thread count after PyTorch's figures ({@code torch}: its
     * "convnet" and "convnet_inference" lines) and prints both with the ratios and the GFLOP/s.
     */
    static void report(PrintWriter out, List<JsonNode> torch, List<Integer> threads, Dataset rows60k, double fraction,
                       double seconds) {
        int n = Math.max(64, (int) Math.round(fraction * rows60k.count()));
        out.printf(Locale.ROOT, "%nconvnet %s, Adam 0.001, batch 64: seconds per epoch of 60,000 images%s%n", LAYERS,
                n >= EPOCH ? "" : String.format(Locale.ROOT, " (%,d images timed and scaled to 60,000)", n));
        out.printf(Locale.ROOT, "  FLOPs per image: %.1f M forward, %.1f M training step; GFLOP/s achieved (wall time) in"
                + " brackets; cpu s: the process's CPU time per epoch%n",
                FORWARD_FLOPS / 1e6, TRAIN_FLOPS / 1e6);
        double bestTorch = Double.NaN;
        for (JsonNode r : torch) {
            if ("convnet".equals(r.path("workload").asText())) {
                double s = r.get("seconds_per_epoch").asDouble();
                bestTorch = Double.isNaN(bestTorch) ? s : Math.min(bestTorch, s);
                out.printf(Locale.ROOT, "  %-24s %9.3f s    (%5.1f GFLOP/s) %8.3f cpu s  train accuracy %.4f on %,d images%n",
                        who(r), s, gflops(TRAIN_FLOPS * EPOCH, s), r.path("cpu_seconds_per_epoch").asDouble(Double.NaN),
                        r.get("accuracy").asDouble(), r.get("images").asInt());
                out.flush();
            }
        }
        Result last = null;
        for (int t : threads) {
            Parallel.setThreads(t);
            last = train(rows60k, BenchCommand.prefix(rows60k, 640), fraction);
            out.printf(Locale.ROOT, "  %-24s %9.3f s    (%5.1f GFLOP/s) %8.3f cpu s  train accuracy %.4f on %,d images%s%n",
                    "digitnet, " + t + " thread" + (t == 1 ? "" : "s"), last.secondsPerEpoch(),
                    gflops(TRAIN_FLOPS * EPOCH, last.secondsPerEpoch()), last.cpuSecondsPerEpoch(), last.trainAccuracy(),
                    last.measuredImages(),
                    Double.isNaN(bestTorch) ? "" : String.format(Locale.ROOT, "; %.2fx the best pytorch",
                            bestTorch / last.secondsPerEpoch()));
            out.flush();
        }
        out.printf(Locale.ROOT, "%nconvnet inference: images per second in chunks of 1,000%n");
        for (JsonNode r : torch) {
            if ("convnet_inference".equals(r.path("workload").asText())) {
                double ips = r.get("images_per_second_batch1000").asDouble();
                out.printf(Locale.ROOT, "  %-24s %,12.0f images/s   (%5.1f GFLOP/s)%n", who(r), ips, gflops(FORWARD_FLOPS, 1 / ips));
            }
        }
        Dataset images = BenchCommand.prefix(rows60k, 10_000);
        for (int t : threads) {
            Parallel.setThreads(t);
            double ips = inference(last.network(), images, seconds);
            out.printf(Locale.ROOT, "  %-24s %,12.0f images/s   (%5.1f GFLOP/s)%n", "digitnet, " + t + " thread"
                    + (t == 1 ? "" : "s"), ips, gflops(FORWARD_FLOPS, 1 / ips));
            out.flush();
        }
        Parallel.setThreads(threads.get(0));
    }

    private static String who(JsonNode r) {
        int t = r.get("threads").asInt();
        return r.get("peer").asText() + ", " + t + " thread" + (t == 1 ? "" : "s");
    }

    private static double gflops(double flops, double seconds) {
        return flops / seconds / 1e9;
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
