package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Dataset;
import digitnet.nn.Init;
import digitnet.nn.Network;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A training step allocates nothing: the bytes the training thread allocates for a run of 2N
 * steps minus those for a run of N steps (set-up, buffers and progress records cancel out) stay
 * under one object per ten steps. Not a timing test.
 */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void fullBatchStepsAllocateNothing() {
        Dataset data = DeterminismTest.sample(2000);
        long perStep = perStep(data, n -> new TrainConfig(List.of(10), Init.UNIFORM, n, 0, 0, 1.0, 1_000_000, 3), 40);
        assertThat(perStep).as("bytes allocated per full-batch step").isLessThan(2);
    }

    @Test
    void miniBatchStepsAllocateNothing() {
        Dataset data = DeterminismTest.sample(64 * 50);
        // 50 steps per epoch; one progress record per epoch
        long perStep = perStep(data, n -> new TrainConfig(List.of(128), Init.HE, 0, n / 50, 64, 0.05, 1, 3), 100);
        assertThat(perStep).as("bytes allocated per mini-batch step").isLessThan(4);
    }

    @Test
    void convnetStepsAllocateNothing() {
        Dataset data = DeterminismTest.sample(32 * 50);
        List<digitnet.nn.LayerSpec> items = digitnet.nn.LayerListSyntax.parse(
                "conv:4:3:1:1,batchnorm,relu,maxpool:2,conv:8:3:2:1,relu,avgpool:2,flatten,dropout:0.2,linear:16,"
                        + "batchnorm,relu,linear:10");
        // 50 steps per epoch; one progress record per epoch
        long perStep = perStep(data, n -> new TrainConfig(List.of(), Init.HE, 0, n / 50, 32, 0.05, 1, 3)
                .withLayers(items), 100);
        assertThat(perStep).as("bytes allocated per convnet step").isLessThan(4);
    }

    private static long perStep(Dataset data, java.util.function.IntFunction<TrainConfig> config, int steps) {
        for (int warm = 0; warm < 3; warm++) {      // until the vector kernels are compiled (they allocate before)
            allocatedBy(data, config.apply(4 * steps));
        }
        long shortRun = Long.MAX_VALUE, longRun = Long.MAX_VALUE;
        for (int repeat = 0; repeat < 3; repeat++) {
            shortRun = Math.min(shortRun, allocatedBy(data, config.apply(steps)));
            longRun = Math.min(longRun, allocatedBy(data, config.apply(2 * steps)));
        }
        return Math.max(0, longRun - shortRun) / steps;
    }

    private static long allocatedBy(Dataset data, TrainConfig config) {
        Network network = Network.initialised(
                config.architecture(digitnet.nn.Shape.image(data.height(), data.width()), data.classes()), config.init(), 1);
        Trainer trainer = new Trainer(config, new Sgd(config.learningRate()), TrainListener.NONE);
        long id = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(id);
        trainer.train(network, data, null);
        return THREADS.getThreadAllocatedBytes(id) - before;
    }
}
