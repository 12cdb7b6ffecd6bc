package digitnet.nn;

import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import digitnet.train.Adam;
import java.util.Random;

/**
 * A timed harness (not a unit test): whole training steps of the Keras convnet (batch 64, Adam) as the trainer
 * runs them, through {@link Network#forward} and {@link Network#backward} (a ReLU and the max pooling after it as
 * one step, as {@link StepProfile}'s layer-by-layer view does not), on random images with 80% zero pixels. Prints
 * the mean milliseconds per step of each block of steps, wall time, after the JIT's first blocks. Run:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes digitnet.nn.NetworkStepTiming [threads [steps-per-block [layers]]]}.
 */
public final class NetworkStepTiming {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 200, batch = 64;
        Parallel.setThreads(threads);
        LayerList list = LayerList.of(Shape.of(1, 28, 28), LayerListSyntax.parse(args.length > 2 ? args[2] : StepProfile.KERAS), 10);
        Network net = Network.initialised(Architecture.of(list), Init.HE, 1);
        net.setNoise(new Random(2));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Adam adam = new Adam(0.001, 0.9, 0.999, 0);
        Random r = new Random(1);
        Tensor x = StepProfile.images(batch, r);
        int[] labels = StepProfile.labels(batch, r);
        for (int b = 0; b < 12; b++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < block; s++) {
                loss.forward(net.forward(x, true), labels);
                net.backward(loss.backward());
                adam.step(net.parameters());
            }
            if (b >= 6) {
                System.out.printf("threads %d, batch %d: %.3f ms per step%n", threads, batch, (System.nanoTime() - t0) / 1e6 / block);
            }
        }
    }
}
