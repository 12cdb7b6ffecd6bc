package digitnet.nn;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.tensor.MatMul;
import digitnet.tensor.Parallel;
import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * A timed harness (not a unit test): the first layer's weight gradient dW^T = x^T dY at 1 and
 * 2 threads, wall time, median of many runs, and whether both give the same bits. The product
 * is split over threads by rows of dW^T (input features), each row summed by one thread in a
 * fixed order, so the bits cannot depend on the thread count; this measures how well that
 * scales. Shapes: the notebook's full batch (9,000 sparse digits, 10 units), a mini-batch of 64
 * sparse digits into 128 units, and the same 64 as dense floats (the inverted sample). Run
 * (docs/performance.md): {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes digitnet.nn.WeightGradientScaling}
 */
public final class WeightGradientScaling {
    public static void main(String[] args) {
        Dataset digits = DataLoader.embeddedSample();
        System.out.println("weight gradient               1 thread (us)   2 threads (us)   speed-up   same bits");
        report("sparse 9000 x 784 -> 10", digits, 9_000, 10, true, 40);
        report("sparse 64 x 784 -> 128", digits, 64, 128, true, 3_000);
        report("dense 64 x 784 -> 128", inverted(digits), 64, 128, false, 3_000);
    }

    static void report(String what, Dataset d, int rows, int units, boolean sparse, int runs) {
        Random r = new Random(3);
        Tensor dY = new Tensor(rows, units);
        for (int i = 0; i < dY.size(); i++) {
            dY.data[i] = (float) r.nextGaussian();
        }
        SparseRows sx = new SparseRows(rows, d.features(), (long) rows * d.features(), 1f / 255, true);
        sx.fill(d.pixels(), null, 0, rows);
        Tensor x = new Tensor(rows, d.features());
        sx.toDense(x);
        Tensor g1 = new Tensor(d.features(), units), g2 = new Tensor(d.features(), units);
        double t1 = 0, t2 = 0;
        for (int turn = 0; turn < 2; turn++) {          // the second turn is reported: the first warms the JIT
            Parallel.setThreads(1);
            t1 = median(sparse, sx, x, dY, g1, runs);
            Parallel.setThreads(2);
            t2 = median(sparse, sx, x, dY, g2, runs);
        }
        System.out.printf("%-28s  %12.1f   %14.1f   %7.2fx   %s%n", what, t1 * 1e6, t2 * 1e6, t1 / t2,
                Arrays.equals(g1.data, g2.data) ? "yes" : "NO");
    }

    static double median(boolean sparse, SparseRows sx, Tensor x, Tensor dY, Tensor g, int runs) {
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            if (sparse) {
                MatMul.sparseMultiplyTransA(sx, dY, g);
            } else {
                MatMul.multiplyTransA(x, dY, g);
            }
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[runs / 2];
    }

    static Dataset inverted(Dataset d) {
        byte[] px = d.pixels().clone();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (255 - (px[i] & 0xFF));
        }
        return new Dataset(px, d.labels(), d.count(), d.height(), d.width(), d.classes(), "inverted sample");
    }
}
