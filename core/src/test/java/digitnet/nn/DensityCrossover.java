package digitnet.nn;

import digitnet.data.Dataset;
import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import digitnet.train.Sgd;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Random;

/**
 * A timed harness (not a unit test) that finds the density at which the dense first layer
 * overtakes the sparse one: training steps through {@link InputBatch#sparseTraining} and
 * {@link InputBatch#dense} on the MNIST sample and on random images whose pixels are non-zero with probability d, for
 * 784-128-10 at batch 64 and for the notebook's 784-10-10 on a full batch of 9,000 rows. One
 * kernel thread (or as many as the first argument says); the training thread's CPU time (so that other processes on a loaded machine
 * count less); the median of the timed steps, in turns. Run (docs/performance.md):
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat cp.txt) digitnet.nn.DensityCrossover}
 */
public final class DensityCrossover {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        double[] densities = {-1, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8};   // -1: the MNIST sample
        System.out.println("density   784-128-10 b64 sparse / dense (us per step)   784-10-10 9000 rows sparse / dense (ms)");
        Dataset mnist = digitnet.data.DataLoader.embeddedSample();
        mnist = mnist.subset(java.util.stream.IntStream.range(0, 9_000).toArray(), "sample");
        System.out.printf("(the embedded MNIST sample: density %.3f)%n", InputBatch.density(mnist));
        for (double d : densities) {
            Dataset data = d < 0 ? mnist : random(9_000, d, 7);
            double s64 = 0, d64 = 0, sFull = 0, dFull = 0;
            for (int turn = 0; turn < 2; turn++) {      // the second turn is reported: the first warms the JIT
                s64 = steps(data, 64, 128, true, 400);
                d64 = steps(data, 64, 128, false, 400);
                sFull = steps(data, 9_000, 10, true, 15);
                dFull = steps(data, 9_000, 10, false, 15);
            }
            System.out.printf("%-5s     %8.1f / %8.1f                              %6.2f / %6.2f%n",
                    d < 0 ? "mnist" : String.valueOf(d), s64 * 1e6, d64 * 1e6, sFull * 1e3, dFull * 1e3);
        }
    }

    // median CPU seconds of a training step (forward, loss, backward, SGD) over `count` steps
    static double steps(Dataset data, int batch, int hidden, boolean sparse, int count) {
        Network net = Network.initialised(Architecture.of(784, java.util.List.of(hidden), 10), Init.HE, 1);
        InputBatch x = sparse ? InputBatch.sparseTraining(data, batch, batch == data.count())
                : InputBatch.dense(batch, data.features());
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Sgd sgd = new Sgd(0.01);
        int[] labels = new int[batch];
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        boolean fullBatch = batch == data.count();      // filled once, as the trainer does
        if (fullBatch) {
            x.fill(data, order, 0, batch, labels);
        }
        double[] t = new double[count];
        for (int s = 0; s < count; s++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            if (!fullBatch) {
                x.fill(data, order, (s * batch) % (data.count() - batch + 1), batch, labels);
            }
            Tensor logits = x.forward(net, true);
            loss.forward(logits, labels);
            net.backward(loss.backward());
            sgd.step(net.parameters());
            t[s] = (CPU.getCurrentThreadCpuTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[count / 2];
    }

    static Dataset random(int count, double density, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[count * 784];
        int[] labels = new int[count];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextDouble() < density ? (byte) (1 + r.nextInt(255)) : 0;
        }
        for (int i = 0; i < count; i++) {
            labels[i] = r.nextInt(10);
        }
        return new Dataset(px, labels, count, 28, 28, 10, "random images, density " + density);
    }
}
