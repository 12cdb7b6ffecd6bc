package digitnet.nn;

import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import digitnet.train.Adam;
import java.util.List;
import java.util.Random;

/**
 * A timed harness (not a unit test): where one training step of the Keras convnet (batch 64,
 * Adam) spends its time, layer by layer, forward and backward, plus the loss and the update.
 * Prints the median milliseconds per step of each phase and its share: CPU time of the one
 * thread with 1 thread (robust to a loaded machine), wall time with more. Run (bench/results/LAB-LOG.md, "From docs/cnn-speed.md"):
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes digitnet.nn.StepProfile [threads [batch [layers]]]}
 * (another layer list on 28x28 images, e.g. the budgeted {@code cnn} preset's network at batch 256).
 */
public final class StepProfile {
    static final String KERAS = "conv:32:3,relu,maxpool:2,conv:64:3,relu,maxpool:2,flatten,dropout:0.5,linear:10";

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        Parallel.setThreads(threads);
        cpuClock = threads == 1;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64, steps = 300;
        String layerList = args.length > 2 ? args[2] : KERAS;
        LayerList list = LayerList.of(Shape.of(1, 28, 28), LayerListSyntax.parse(layerList), 10);
        Network net = Network.initialised(Architecture.of(list), Init.HE, 1);
        net.setNoise(new Random(2));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Adam adam = new Adam(0.001, 0.9, 0.999, 0);
        List<Layer> layers = net.layers();
        List<Parameter> params = net.parameters();
        Random r = new Random(1);
        Tensor x = images(batch, r);
        int[] labels = labels(batch, r);
        int phases = 2 * layers.size() + 2;
        long[][] t = new long[phases][steps];
        for (int s = -100; s < steps; s++) {
            long t0 = clock();
            long[] at = new long[phases + 1];
            int q = 0;
            at[q++] = t0;
            Tensor h = x;
            for (Layer l : layers) {
                h = l.forward(h, true);
                at[q++] = clock();
            }
            loss.forward(h, labels);
            Tensor d = loss.backward();
            at[q++] = clock();
            for (int i = layers.size() - 1; i >= 0; i--) {
                d = d == null ? null : layers.get(i).backward(d);    // null before the first layer with parameters
                at[q++] = clock();
            }
            adam.step(params);
            at[q] = clock();
            if (s >= 0) {
                for (int p = 0; p < phases; p++) {
                    t[p][s] = at[p + 1] - at[p];
                }
            }
        }
        double total = 0;
        double[] med = new double[phases];
        for (int p = 0; p < phases; p++) {
            java.util.Arrays.sort(t[p]);
            med[p] = t[p][steps / 2] / 1e6;
            total += med[p];
        }
        System.out.printf("threads %d (%s), batch %d: %.2f ms per step (sum of medians), %.1f s per 60,000-image epoch%n",
                threads, cpuClock ? "thread CPU time" : "wall time", batch, total, total * 60000 / batch / 1e3);
        int p = 0;
        for (Layer l : layers) {
            print("forward  " + l.kind(), med[p++], total);
        }
        print("loss", med[p++], total);
        for (int i = layers.size() - 1; i >= 0; i--) {
            print("backward " + layers.get(i).kind(), med[p++], total);
        }
        print("adam", med[p], total);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static boolean cpuClock;

    // with one thread every kernel runs on this thread: its CPU time, which the machine's load does not inflate
    private static long clock() {
        return cpuClock ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static void print(String what, double ms, double total) {
        System.out.printf("  %-20s %7.3f ms  %5.1f%%%n", what, ms, 100 * ms / total);
    }

    /** A batch of 28x28 images with 80% zero pixels (as digits have), the rest uniform in [0, 1). */
    static Tensor images(int batch, Random r) {
        Tensor x = new Tensor(batch, 784);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = r.nextFloat() < 0.8f ? 0f : r.nextFloat();
        }
        return x;
    }

    /** Labels of 10 classes for a batch, drawn after its images from the same generator. */
    static int[] labels(int batch, Random r) {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(10);
        }
        return labels;
    }
}
