package digitnet.tensor;

import java.util.Arrays;
import java.util.Random;

/**
 * A timed harness (not a unit test): {@link VectorMaxPool}'s two ways of reading 2 x 2 windows, through the
 * corner map (gathers) and as image rows whose even and odd pixels two-vector rearranges pick, on the Keras
 * convnet's first pooling (32 x 26 x 26, batch 64, one thread; or {@code C H}: C x H x H): median milliseconds per batch, and whether
 * both give the same values and positions. Run on each JDK (bench/results/LAB-LOG.md):
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes digitnet.tensor.MaxPoolReadTiming}
 */
public final class MaxPoolReadTiming {

    public static void main(String[] args) {
        int C = args.length > 0 ? Integer.parseInt(args[0]) : 32, H = args.length > 1 ? Integer.parseInt(args[1]) : 26,
                W = H, batch = 64, OH = H / 2, OW = W / 2, out = C * OH * OW;
        Random r = new Random(1);
        float[] x = new float[batch * C * H * W];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(5) == 0 ? 0f : r.nextFloat();
        int[] corner = new int[out];
        for (int ch = 0, o = 0; ch < C; ch++) for (int i = 0; i < OH; i++) for (int j = 0; j < OW; j++, o++) corner[o] = (ch * H + 2 * i) * W + 2 * j;
        float[] y1 = new float[batch * out], y2 = new float[batch * out];
        int[] a1 = new int[batch * out], a2 = new int[batch * out];
        for (int turn = 0; turn < 3; turn++) {
            double t1 = time(() -> { for (int n = 0; n < batch; n++) VectorMaxPool.maxPool2(x, n * C * H * W, corner, W, OW, y1, a1, n * out, out, false); });
            double t2 = time(() -> { for (int n = 0; n < batch; n++) VectorMaxPool.maxPool2(x, n * C * H * W, corner, W, OW, y2, a2, n * out, out, true); });
            System.out.printf("gathers %.3f ms, image rows %.3f ms, same %s %s%n", t1 * 1e3, t2 * 1e3, Arrays.equals(y1, y2), Arrays.equals(a1, a2));
        }
    }

    static double time(Runnable f) {
        for (int i = 0; i < 200; i++) f.run();
        double[] t = new double[31];
        for (int i = 0; i < t.length; i++) { long t0 = System.nanoTime(); for (int j = 0; j < 5; j++) f.run(); t[i] = (System.nanoTime() - t0) / 5e9; }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
