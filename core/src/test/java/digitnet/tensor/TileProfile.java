package digitnet.tensor;

import java.util.Arrays;
import java.util.Random;

/**
 * A timing harness, not a test: GFLOP/s of {@link RegisterTile#gemm} on one thread for the Keras
 * convnet's second convolution (batch 64: 3x3 over 32 channels, 64 outputs, 11x11 pixels padded to 128),
 * its three products per sample, or of the layer given as {@code out patch paddedPixels samples}. Run:
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes digitnet.tensor.TileProfile [out patch pad samples]}
 */
public final class TileProfile {
    public static void main(String[] args) {
        int out = 64, patch = 288, pad = 128, samples = 64;
        if (args.length == 4) {                     // out patch pad samples: another layer, e.g. 32 144 112 256
            out = Integer.parseInt(args[0]);
            patch = Integer.parseInt(args[1]);
            pad = Integer.parseInt(args[2]);
            samples = Integer.parseInt(args[3]);
        }
        Random r = new Random(1);
        float[] w = fill(new float[out * patch + 16], r), cols = fill(new float[samples * patch * pad + 16], r);
        float[] dy = fill(new float[samples * out * pad + 16], r), dyt = fill(new float[samples * pad * out + 16], r);
        float[] y = new float[out * pad + 16], dW = new float[patch * out + 16], dCols = new float[patch * pad + 16];
        float[] bias = fill(new float[out + 16], r);
        double flops = 2.0 * out * patch * pad * samples;
        for (int round = 0; round < 8; round++) {
            double[] t = new double[3];
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                for (int n = 0; n < samples; n++) {     // forward: y (out, pad) = W (out, patch) cols_n + b
                    RegisterTile.gemm(w, 0, patch, 1, cols, n * patch * pad, pad, y, 0, pad, bias, Kernels.Start.ROW_BIAS,
                            patch, pad, 0, out);
                }
                long t1 = System.nanoTime();
                for (int n = 0; n < samples; n++) {     // weights: dW^T (patch, out) += cols_n dY_n^T
                    RegisterTile.gemm(cols, n * patch * pad, pad, 1, dyt, n * pad * out, out, dW, 0, out, null,
                            Kernels.Start.ACCUMULATE, pad, out, 0, patch);
                }
                long t2 = System.nanoTime();
                for (int n = 0; n < samples; n++) {     // input: dCols (patch, pad) = W^T dY_n
                    RegisterTile.gemm(w, 0, 1, patch, dy, n * out * pad, pad, dCols, 0, pad, null, Kernels.Start.ZERO,
                            out, pad, 0, patch);
                }
                long t3 = System.nanoTime();
                t[0] += t1 - t0;
                t[1] += t2 - t1;
                t[2] += t3 - t2;
            }
            if (round >= 4) {
                System.out.printf("forward %6.1f GFLOP/s  weights %6.1f  input %6.1f   (checksum %.3f)%n",
                        3 * flops / t[0], 3 * flops / t[1], 3 * flops / t[2], y[5] + dW[7] + dCols[9]);
            }
        }
    }

    private static float[] fill(float[] a, Random r) {
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        Arrays.fill(a, a.length - 16, a.length, 0f);
        return a;
    }
}
