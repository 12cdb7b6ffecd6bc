package digitnet.tensor;

import java.util.Random;

/**
 * A timing harness, not a test: ms per call of {@link PoolOps#maxPool} (2x2) and its backward pass on one
 * thread for the Keras convnet's first pooling (batch 64 of 32x26x26, after a ReLU). Run:
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes digitnet.tensor.PoolProfile}
 */
public final class PoolProfile {
    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        int batch = 64, c = 32, h = 26, w = 26;
        Tensor x = new Tensor(batch, c * h * w), y = new Tensor(batch, c * 13 * 13), dX = new Tensor(batch, c * h * w);
        int[] argmax = new int[batch * c * 13 * 13];
        Random r = new Random(1);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = Math.max(0f, (float) r.nextGaussian());
        }
        for (int round = 0; round < 10; round++) {
            long t0 = System.nanoTime();
            for (int rep = 0; rep < 20; rep++) {
                PoolOps.maxPool(x, c, h, w, 2, y, argmax);
            }
            long t1 = System.nanoTime();
            for (int rep = 0; rep < 20; rep++) {
                PoolOps.maxPoolBackward(y, argmax, c, h, w, 2, dX);
            }
            long t2 = System.nanoTime();
            if (round >= 5) {
                System.out.printf("maxPool %.3f ms  backward %.3f ms  (checksum %d)%n", (t1 - t0) / 20e6, (t2 - t1) / 20e6,
                        argmax[12345] + argmax[999]);
            }
        }
    }
}
