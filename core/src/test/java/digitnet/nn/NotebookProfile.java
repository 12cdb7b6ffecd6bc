package digitnet.nn;

import digitnet.data.Dataset;
import digitnet.tensor.Parallel;
import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;
import digitnet.train.Sgd;
import java.util.Arrays;
import java.util.List;

/**
 * A timed harness (not a unit test): where one step of the notebook's job (784-10-10, full batch
 * of 9,000 sample rows read sparse, SGD) spends its wall time, phase by phase, median of the
 * timed steps after a warm-up. Run:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes digitnet.nn.NotebookProfile [threads]}
 */
public final class NotebookProfile {
    static int ROWS = 9_000;

    public static void main(String[] args) {
        ROWS = args.length > 1 ? Integer.parseInt(args[1]) : 9_000;
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors());
        Dataset data = digitnet.data.DataLoader.embeddedSample();
        data = data.subset(java.util.stream.IntStream.range(0, ROWS).toArray(), "sample");
        Network net = Network.initialised(Architecture.of(784, List.of(10), 10), Init.UNIFORM, 1);
        SparseRows x = digitnet.data.Batcher.sparseBatch(data, ROWS, true);
        int[] labels = new int[ROWS];
        int[] order = java.util.stream.IntStream.range(0, ROWS).toArray();
        digitnet.data.Batcher.fill(data, order, 0, ROWS, x, labels);
        Dense first = (Dense) net.layers().get(0);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Sgd sgd = new Sgd(0.1);
        List<Layer> layers = net.layers();
        String[] names = {"forward dense 1 (sparse)", "forward relu", "forward dense 2", "loss forward", "correct",
                "loss backward", "backward dense 2", "backward relu", "backward dense 1 (sparse)", "sgd"};
        int steps = 1000, phases = names.length;
        long[][] t = new long[phases][steps];
        long wall0 = 0;
        for (int s = -500; s < steps; s++) {
            if (s == 0) {
                wall0 = System.nanoTime();
            }
            long[] at = new long[phases + 1];
            int q = 0;
            at[q++] = System.nanoTime();
            Tensor h = first.forward(x);
            at[q++] = System.nanoTime();
            h = layers.get(1).forward(h, true);
            at[q++] = System.nanoTime();
            h = layers.get(2).forward(h, true);
            at[q++] = System.nanoTime();
            loss.forward(h, labels);
            at[q++] = System.nanoTime();
            loss.correct();
            at[q++] = System.nanoTime();
            Tensor d = loss.backward();
            at[q++] = System.nanoTime();
            for (int i = layers.size() - 1; i >= 0; i--) {
                d = layers.get(i).backward(d);
                at[q++] = System.nanoTime();
            }
            sgd.step(net.parameters());
            at[q] = System.nanoTime();
            if (s >= 0) {
                for (int p = 0; p < phases; p++) {
                    t[p][s] = at[p + 1] - at[p];
                }
            }
        }
        double wallPerStep = (System.nanoTime() - wall0) / 1e3 / steps;
        double total = 0;
        for (int p = 0; p < phases; p++) {
            Arrays.sort(t[p]);
            total += t[p][steps / 2] / 1e3;
        }
        System.out.printf("threads %d: %.0f us per step (sum of medians), %.0f us per step (wall, mean)%n", args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors(), total, wallPerStep);
        for (int p = 0; p < phases; p++) {
            double us = t[p][steps / 2] / 1e3;
            System.out.printf("  %-28s %8.1f us  %5.1f%%%n", names[p], us, 100 * us / total);
        }
    }
}
