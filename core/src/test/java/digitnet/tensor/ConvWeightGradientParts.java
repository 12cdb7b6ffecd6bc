package digitnet.tensor;

import java.util.Arrays;
import java.util.Random;

/**
 * A timed harness (not a unit test): the Keras convnet's second layer's weight gradient (32 x 13 x 13 -> 64,
 * 3 x 3, batch 64) as {@link Im2ColConv#weightGradient} runs it, and its parts alone: the product (one part per
 * thread, and the first part alone on the calling thread), dY's transpose, and the bias's row sums; at 1 and 2
 * threads, median milliseconds per call. Run (bench/results/LAB-LOG.md):
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes digitnet.tensor.ConvWeightGradientParts}
 */
public final class ConvWeightGradientParts {
    public static void main(String[] args) {
        ConvGeometry g = new ConvGeometry(32, 13, 13, 3, 1, 0);
        int out = 64, batch = 64;
        Kernels k = Kernels.active();
        int pad = Im2ColConv.paddedPixels(g), patch = g.patch(), pix = g.outArea();
        Random r = new Random(1);
        Tensor x = new Tensor(batch, g.inSize()), cols = new Tensor(batch, patch * pad), dY = new Tensor(batch, out * pix);
        fill(cols.data, r);
        fill(dY.data, r);
        Tensor dYT = new Tensor(batch * pad, out), dWT = new Tensor(patch, out), dB = new Tensor(1, out);
        for (int turn = 0; turn < 3; turn++) {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                int part = ((patch + threads - 1) / threads + 7) / 8 * 8;     // rows a thread, whole tiles of 8, as Im2ColConv cuts them
                double whole = time(() -> Im2ColConv.weightGradient(x, cols, dY, g, dYT, dWT, dB));
                double product = time(() -> Parallel.shared().run((p, parts) -> product(k, cols.data, dYT.data, dWT.data,
                        batch, patch, pad, out, p * part, Math.min(patch, (p + 1) * part)), threads));
                double first = time(() -> product(k, cols.data, dYT.data, dWT.data, batch, patch, pad, out, 0, part));
                double transpose = time(() -> Parallel.shared().run((p, parts) -> {
                    for (int n = p * batch / parts; n < (p + 1) * batch / parts; n++) {
                        for (int o = 0; o < out; o++) {
                            for (int q = 0; q < pix; q++) {
                                dYT.data[(n * pad + q) * out + o] = dY.data[(n * out + o) * pix + q];
                            }
                        }
                    }
                }, 4 * threads));
                double sums = time(() -> Ops.sumRows(dYT, dB));
                System.out.printf("threads %d: whole %.3f ms; product %.3f ms (first part alone %.3f); a plain transpose of dY"
                        + " %.3f ms; bias row sums %.3f ms%n", threads, whole * 1e3, product * 1e3, first * 1e3,
                        transpose * 1e3, sums * 1e3);
            }
        }
    }

    // rows [q0, q1) of dW^T = sum over samples of cols_n dYT_n, as Im2ColConv's weight pass computes them
    private static void product(Kernels k, float[] cols, float[] dYT, float[] dWT, int batch, int patch, int pad, int out,
                                int q0, int q1) {
        for (int n = 0; n < batch; n++) {
            k.gemmBlock(cols, n * patch * pad, pad, 1, dYT, n * pad * out, out, dWT, 0, out, null,
                    n == 0 ? Kernels.Start.ZERO : Kernels.Start.ACCUMULATE, pad, out, q0, q1);
        }
    }

    private static void fill(float[] a, Random r) {
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
    }

    private static double time(Runnable f) {
        for (int i = 0; i < 50; i++) {
            f.run();
        }
        double[] t = new double[41];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            for (int j = 0; j < 5; j++) {
                f.run();
            }
            t[i] = (System.nanoTime() - t0) / 5e9;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
