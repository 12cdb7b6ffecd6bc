package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Shape;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.tensor.Parallel;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training step allocates nothing, on any thread that works for it: the calling thread and every
 * thread of the kernel pool ({@link Parallel}, threads named {@code digitnet-kernel-N}). The bytes
 * those threads allocate for a run of 2N steps minus those for a run of N steps (set-up, buffers
 * and per-run records cancel out) stay under {@link #MAX_BYTES_PER_STEP}, for each training path:
 * full batch and mini-batch, every optimizer, dropout, augmentation (which feeds the network dense
 * floats instead of sparse bytes: the path that found {@code Network.forward}'s iterator, 32
 * bytes a step when the JIT kept it). Not a timing test.
 *
 * <p>Not covered here: runs with a dev set (its evaluation once per report is not a step) and
 * early stopping (it acts once per report, not per step). A time budget reads the clock before
 * every step, so it has a path of its own.
 */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Well under one object per step (an object header alone is 12-16 bytes). */
    static final long MAX_BYTES_PER_STEP = 4;
    private static int threadsBefore;

    @BeforeAll
    static void twoKernelThreads() {
        threadsBefore = Parallel.shared().threads();
        Parallel.setThreads(2);   // the caller and one pool thread, which must be counted too
    }

    @AfterAll
    static void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    static Stream<Arguments> paths() {
        Dataset fullBatchData = DeterminismTest.sample(2000), miniBatchData = DeterminismTest.sample(64 * 50);
        // full batch: one step per iteration, one report per run; mini-batch: 50 steps per epoch, one report per epoch
        IntFunction<Settings> fullSgd = n -> config(n, 0, 0, OptimizerSettings.Kind.SGD, 0, null);
        IntFunction<Settings> fullAdam = n -> config(n, 0, 0, OptimizerSettings.Kind.ADAM, 0, null);
        return Stream.of(
                Arguments.of("full batch, sgd", fullBatchData, fullSgd, 40),
                Arguments.of("full batch, adam", fullBatchData, fullAdam, 40),
                Arguments.of("full batch, dropout", fullBatchData,
                        (IntFunction<Settings>) n -> config(n, 0, 0, OptimizerSettings.Kind.SGD, 0.2, null), 40),
                miniBatch("sgd", miniBatchData, OptimizerSettings.Kind.SGD, 0, null),
                miniBatch("momentum", miniBatchData, OptimizerSettings.Kind.MOMENTUM, 0, null),
                miniBatch("nesterov", miniBatchData, OptimizerSettings.Kind.NESTEROV, 0, null),
                miniBatch("adam", miniBatchData, OptimizerSettings.Kind.ADAM, 0, null),
                miniBatch("adamw", miniBatchData, OptimizerSettings.Kind.ADAMW, 0, null),
                miniBatch("dropout", miniBatchData, OptimizerSettings.Kind.SGD, 0.3, null),
                miniBatch("augmentation", miniBatchData, OptimizerSettings.Kind.SGD, 0, Augmenter.Settings.standard()),
                Arguments.of("mini-batch, cosine fitted to a time budget", miniBatchData, (IntFunction<Settings>) n ->
                        budgeted(config(0, n / 50, 64, OptimizerSettings.Kind.ADAM, 0, null)), 100),
                convnet(DeterminismTest.sample(32 * 50)), twoMaxPoolings(DeterminismTest.sample(32 * 50)),
                fromMaxima(DeterminismTest.sample(32 * 50)));
    }

    /**
     * The Keras convnet's layers, narrower: two max poolings of different shapes take turns on each thread (the
     * path that found the pooling's map of windows made again at every call, 28 KB a step at full width), and a
     * second convolution of 16 outputs, whose input gradient is added in place at the input rows (a first version
     * of that tile boxed its vectors: 6 MB a step at full width).
     */
    private static Arguments twoMaxPoolings(Dataset data) {
        var items = LayerListSyntax.parse("conv:4:3,relu,maxpool:2,conv:16:3,relu,maxpool:2,flatten,dropout:0.5,linear:10");
        IntFunction<Settings> c = n -> config(0, n / 50, 32, OptimizerSettings.Kind.ADAM, 0, null).withNetwork(new NetworkSpec.Layers(items));
        return Arguments.of("mini-batch, two max poolings, adam", data, c, 100);
    }

    /**
     * The same order with 8 first channels: the second convolution's runs of 3 x 8 inputs are long enough for it to
     * take its gradients from the pooling's maxima (PooledConvGradient: the maxima listed by pixel, x laid out
     * channels last, in per-thread and per-call scratch).
     */
    private static Arguments fromMaxima(Dataset data) {
        var items = LayerListSyntax.parse("conv:8:3,relu,maxpool:2,conv:16:3,relu,maxpool:2,flatten,dropout:0.5,linear:10");
        IntFunction<Settings> c = n -> config(0, n / 50, 32, OptimizerSettings.Kind.ADAM, 0, null).withNetwork(new NetworkSpec.Layers(items));
        return Arguments.of("mini-batch, a convolution from the maxima, adam", data, c, 100);
    }

    /** Every image layer: convolutions with padding and stride, batch norm, both poolings, dropout. */
    private static Arguments convnet(Dataset data) {
        var items = LayerListSyntax.parse("conv:4:3:1:1,batchnorm,relu,maxpool:2,conv:8:3:2:1,relu,avgpool:2,"
                + "flatten,dropout:0.2,linear:16,batchnorm,relu,linear:10");
        IntFunction<Settings> c = n -> config(0, n / 50, 32, OptimizerSettings.Kind.ADAM, 0, null).withNetwork(new NetworkSpec.Layers(items));
        return Arguments.of("mini-batch, convnet, adam", data, c, 100);
    }

    private static Arguments miniBatch(String name, Dataset data, OptimizerSettings.Kind kind, double dropout,
                                       Augmenter.Settings augment) {
        IntFunction<Settings> c = n -> config(0, n / 50, 64, kind, dropout, augment);
        return Arguments.of("mini-batch, " + name, data, c, augment == null ? 100 : 50);   // augmenting is slow
    }

    /** The clock is read before every step; a budget of a day never ends these runs. Smoothed targets, as the cnn's. */
    private static Settings budgeted(Settings c) {
        return c.withSchedule(new Schedule.Cosine(1)).withStopping(new Stopping(0, 86_400))
                .withLabelSmoothing(Preset.BUDGET_LABEL_SMOOTHING);
    }

    private static Settings config(int iterations, int epochs, int batchSize, OptimizerSettings.Kind kind,
                                      double dropout, Augmenter.Settings augment) {
        OptimizerSettings optimizer = new OptimizerSettings(kind, 0.1, 0.9, 0.9, 0.999, kind == OptimizerSettings.Kind.ADAMW ? 0.01 : 0);
        boolean full = batchSize == 0;
        double learningRate = kind == OptimizerSettings.Kind.ADAM || kind == OptimizerSettings.Kind.ADAMW ? 1e-3
                : full ? 1.0 : 0.05;
        return new Settings(new NetworkSpec.Mlp(List.of(full ? 10 : 128), dropout), full ? Init.UNIFORM : Init.HE, optimizer.withLearningRate(learningRate), new Schedule.Constant(), new Steps(batchSize, epochs, iterations, full ? 1_000_000 : 1), augment != null, new Stopping(0, 0), new HeldOutRows(0, 0), 3, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void aTrainingStepAllocatesNothingOnAnyThread(String path, Dataset data, IntFunction<Settings> config,
                                                 int steps) {
        long perStep = perStepOnceWarm(n -> train(data, config.apply(n)), steps);
        assertThat(perStep).as("bytes allocated per step (%s) by the caller and the kernel pool", path)
                .isLessThan(MAX_BYTES_PER_STEP);
    }

    /** Parameter averaging's local steps (a worker's own Adam step on its rows) allocate nothing either. */
    @Test
    void aWorkersLocalStepAllocatesNothingOnAnyThread() {
        Dataset data = DeterminismTest.sample(32 * 50);
        Settings config = config(0, 1, 32, OptimizerSettings.Kind.ADAM, 0, null);
        Architecture a = config.network().architecture(data.height(), data.width(), data.classes());
        Network network = Network.create(a, 0);
        network.initialise(config.init(), Seeds.random(Seeds.init(config.seed())));
        Optimizer adam = config.optimizer().create();
        StepByStep.Worker worker = new StepByStep.Worker(network, data, 32, false,
                digitnet.nn.InputBatch.prefersSparse(network, data), null, adam);
        int floats = StepByStep.floats(network.parameters());
        float[] weights = new float[floats], state = new float[((OptimizerState) adam).slotFloats(network.parameters())];
        worker.endRound(weights, state);
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        long perStep = perStepOnceWarm(n -> {
            worker.startRound(weights, state, 0);
            localSteps(worker, order, n);
        }, 50);
        assertThat(perStep).as("bytes allocated per local step").isLessThan(MAX_BYTES_PER_STEP);
    }

    /**
     * Synchronous data-parallel training's worker gradient (the driver's weights and buffers in, the
     * gradient out: one call per worker per step) allocates nothing either, with batch norm's buffers.
     */
    @Test
    void aWorkersGradientAllocatesNothingOnAnyThread() {
        Dataset data = DeterminismTest.sample(32 * 50);
        Settings config = config(0, 1, 32, OptimizerSettings.Kind.SGD, 0, null)
                .withNetwork(new NetworkSpec.Layers(LayerListSyntax.parse("flatten,linear:32,batchnorm,relu,linear:10")));
        Architecture a = config.network().architecture(data.height(), data.width(), data.classes());
        Network network = Network.create(a);
        network.initialise(config.init(), Seeds.random(Seeds.init(config.seed())));
        StepByStep.Worker worker = new StepByStep.Worker(network, data, 32, false,
                digitnet.nn.InputBatch.prefersSparse(network, data), null);
        float[] weights = new float[StepByStep.floats(network.parameters())], gradient = new float[weights.length];
        float[] buffers = new float[Averages.bufferFloats(network)];
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        long perStep = perStepOnceWarm(n -> gradients(worker, weights, buffers, order, gradient, n), 50);
        assertThat(perStep).as("bytes allocated per worker gradient").isLessThan(MAX_BYTES_PER_STEP);
    }

    /**
     * Bytes per step of {@code run} (n steps) once the JIT has compiled it: the fewest bytes a run of 2 x steps
     * took minus the fewest a run of steps took (a run's extra allocations, the JIT's or a collector's, only
     * add), repeated until that is under {@link #MAX_BYTES_PER_STEP} in two repeats in a row, or 30 times.
     * Until C2 compiles the vector kernels, the Vector API boxes its vectors (tens of KB a step when this
     * test runs alone, before other tests have warmed the kernels); code that allocates per step keeps the
     * difference up in every repeat and fails.
     */
    private static long perStepOnceWarm(java.util.function.IntConsumer run, int steps) {
        long once = Long.MAX_VALUE, twice = Long.MAX_VALUE, perStep = Long.MAX_VALUE;
        int under = 0;                 // repeats in a row under the bound
        for (int repeat = 0; repeat < 30 && under < 2; repeat++) {
            long[] ids = stepThreadIds();
            long before = allocated(ids);
            run.accept(steps);
            once = Math.min(once, allocated(ids) - before);
            before = allocated(ids);
            run.accept(2 * steps);
            twice = Math.min(twice, allocated(ids) - before);
            perStep = Math.max(0, twice - once) / steps;
            under = perStep < MAX_BYTES_PER_STEP ? under + 1 : 0;
        }
        return perStep;
    }

    private static void gradients(StepByStep.Worker worker, float[] weights, float[] buffers, int[] order, float[] gradient,
                                  int steps) {
        for (int s = 0; s < steps; s++) {
            worker.gradient(weights, buffers, order, (s % 50) * 32, 32, 32, s, gradient);
            worker.buffers(buffers);
        }
    }

    private static void localSteps(StepByStep.Worker worker, int[] order, int steps) {
        for (int s = 0; s < steps; s++) {
            worker.localStep(order, (s % 50) * 32, 32, 1e-3, s);
        }
    }

    /** The measure sees what a pool thread allocates, not only what the calling thread does. */
    @Test
    void allocationsOnKernelPoolThreadsAreCounted() {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch bothStarted = new CountDownLatch(2);
        long caller = Thread.currentThread().getId();
        long callerBefore = THREADS.getThreadAllocatedBytes(caller);
        long[] ids = stepThreadIds();
        long allBefore = allocated(ids);
        Parallel.shared().run((part, parts) -> {
            ran.add(Thread.currentThread());
            bothStarted.countDown();
            try {
                bothStarted.await(10, TimeUnit.SECONDS);   // so that the two parts run on two threads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] garbage = new byte[1 << 20];
            garbage[part] = 1;
        }, 2);
        long all = allocated(ids) - allBefore, callerOnly = THREADS.getThreadAllocatedBytes(caller) - callerBefore;
        assertThat(ran).as("threads that ran a part").hasSize(2);
        assertThat(callerOnly).as("the calling thread alone").isLessThan(2L << 20);
        assertThat(all).as("the calling thread and the pool").isGreaterThanOrEqualTo(2L << 20);
    }

    /** A fresh network trained with {@code config} on {@code data}: set-up and records cancel in {@link #perStepOnceWarm}. */
    private static void train(Dataset data, Settings config) {
        Architecture a = config.network().architecture(data.height(), data.width(), data.classes());
        Network network = a.isLayerList() ? Network.create(a) : Network.create(a, config.network().dropout());
        network.initialise(config.init(), Seeds.random(Seeds.init(config.seed())));
        new Trainer(config, config.optimizer().create(), ProgressListener.NONE).train(network, data, null);
    }

    /** The calling thread and the kernel pool's threads (found before a measure: this allocates). */
    static long[] stepThreadIds() {
        return LongStream.concat(LongStream.of(Thread.currentThread().getId()), kernelThreadIds()).toArray();
    }

    /** Bytes allocated so far by the threads {@code ids}. */
    static long allocated(long[] ids) {
        long sum = 0;
        for (long bytes : THREADS.getThreadAllocatedBytes(ids)) {
            sum += Math.max(0, bytes);   // -1 for a thread that has ended
        }
        return sum;
    }

    private static LongStream kernelThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("digitnet-kernel-"))
                .mapToLong(Thread::getId);
    }
}
