package digitnet.nn;

import digitnet.tensor.Im2ColConv;
import digitnet.tensor.Im2Row;
import digitnet.tensor.ConvGeometry;
import digitnet.tensor.MatMul;
import digitnet.tensor.Ops;
import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import digitnet.tensor.Winograd;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A timed harness (not a unit test) that compares the formulations of a convolution on the Keras
 * convnet's two layers at batch 64, on the shared pool's threads (first argument; all cores if none):
 * <ul>
 *   <li>im2row + MatMul: the whole batch's patches as rows (batch*pixels, C*K*K), one product with
 *       W^T, transposes between (pixel, channel) rows and NCHW; backward two products and row2im;</li>
 *   <li>im2col per sample ({@link Im2ColConv}, what {@link Conv2d} uses with the vector kernels);</li>
 *   <li>direct: a register tile (4 pixels x 2 vectors of output channels) reading the input
 *       through the patch indices, nothing materialised (forward only);</li>
 *   <li>Winograd F(2x2, 3x3) ({@link Winograd}; forward only, weight transform included).</li>
 * </ul>
 * Prints milliseconds per call (median; with 1 thread the thread's CPU time, so that a loaded
 * machine does not inflate it) and the GFLOP/s of the direct sum's multiply-adds. Run (bench/results/LAB-LOG.md, "From docs/cnn-speed.md"):
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes digitnet.nn.ConvTiming 1}
 */
public final class ConvTiming {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        Parallel.setThreads(threads);
        System.out.println("threads " + threads + ", lanes " + L);
        layer("conv1 1x28x28 -> 32x26x26", Shape.of(1, 28, 28), 32, 3);
        layer("conv2 32x13x13 -> 64x11x11", Shape.of(32, 13, 13), 64, 3);
    }

    static void layer(String name, Shape in, int out, int k) {
        int batch = 64;
        Conv2d conv = new Conv2d(in, out, k, 1, 0, true);
        Random r = new Random(1);
        for (int i = 0; i < conv.weight().size(); i++) {
            conv.weight().data[i] = (float) r.nextGaussian() * 0.1f;
        }
        Tensor x = new Tensor(batch, in.size());
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = r.nextFloat();
        }
        Shape o = conv.outputShape();
        ConvGeometry g = new ConvGeometry(in.channels(), in.height(), in.width(), k, 1, 0);
        int pixels = g.outArea();
        double flops = 2.0 * batch * o.size() * in.channels() * k * k;
        Tensor dY = new Tensor(batch, o.size());
        for (int i = 0; i < dY.size(); i++) {
            dY.data[i] = r.nextFloat() - 0.5f;
        }
        Tensor w = conv.weight(), b = conv.bias(), wT = new Tensor(g.patch(), out);
        // im2row: the whole batch's patches as rows, one product, transposes to and from NCHW
        Tensor rows = new Tensor(batch * pixels, g.patch()), yRows = new Tensor(batch * pixels, out);
        Tensor yRow = new Tensor(batch, o.size()), dYRows = new Tensor(batch * pixels, out);
        Tensor dW = new Tensor(out, g.patch()), dB = new Tensor(1, out), dRows = new Tensor(batch * pixels, g.patch());
        Tensor dX = new Tensor(batch, in.size());
        double rowF = time(() -> {
            Im2Row.im2row(x, g, rows);
            Ops.transpose(w, wT);
            MatMul.multiplyAddBias(rows, wT, b, yRows);
            Im2Row.transposeSamples(yRows, batch, pixels, out, yRow);
        });
        double rowB = time(() -> {
            Im2Row.transposeSamples(dY, batch, out, pixels, dYRows);
            MatMul.multiplyTransA(dYRows, rows, dW);
            Ops.sumRows(dYRows, dB);
            MatMul.multiply(dYRows, w, dRows);
            Im2Row.row2im(dRows, g, dX);
        });
        // im2col: per-sample products on NCHW (what Conv2d uses with the vector kernels)
        int pad = Im2ColConv.paddedPixels(g);
        Tensor cols = new Tensor(batch, g.patch() * pad), yCol = new Tensor(batch, o.size());
        Tensor dYT = new Tensor(batch * pad, out), dWT = new Tensor(g.patch(), out);
        double colF = time(() -> Im2ColConv.forward(x, g, w, b, cols, yCol));
        double colB = time(() -> {
            Im2ColConv.weightGradient(x, cols, dY, g, dYT, dWT, dB);
            Ops.transpose(dWT, dW);
            Im2ColConv.inputGradient(dY, g, w, dX);
        });
        // direct and Winograd, forward only
        Tensor yDirect = new Tensor(batch, o.size()), yWino = new Tensor(batch, o.size());
        Direct direct = new Direct(conv, x, yDirect);
        double dir = time(() -> Parallel.shared().run(direct, Math.min(batch, 8)));
        Winograd wino = new Winograd(g, out, batch);
        double winoF = time(() -> {
            wino.setWeights(w);
            wino.forward(x, b, yWino);
        });
        System.out.printf("%s, batch %d, %d thread(s):%n", name, batch, Parallel.shared().threads());
        row("im2row + MatMul", rowF, rowB, flops);
        row("im2col per sample", colF, colB, flops);
        row("direct", dir, Double.NaN, flops);
        row("Winograd F(2x2,3x3)", winoF, Double.NaN, flops);
        System.out.printf("  max |difference| from im2row: im2col %.1e, direct %.1e, Winograd %.1e%n",
                maxDiff(yCol, yRow), maxDiff(yDirect, yRow), maxDiff(yWino, yRow));
    }

    // forward and backward ms, and the GFLOP/s of the direct sum's multiply-adds (backward: 2x forward's)
    private static void row(String what, double forward, double backward, double flops) {
        System.out.printf("  %-20s forward %7.2f ms (%5.1f GFLOP/s)   backward %s%n", what, forward * 1e3, flops / forward / 1e9,
                Double.isNaN(backward) ? "not written"
                        : String.format("%7.2f ms (%5.1f GFLOP/s)", backward * 1e3, 2 * flops / backward / 1e9));
    }

    private static float maxDiff(Tensor a, Tensor b) {
        float d = 0;
        for (int i = 0; i < a.size(); i++) {
            d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
        }
        return d;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    // this thread's CPU time with one kernel thread (robust to a loaded machine), wall time with more
    static long clock() {
        return Parallel.shared().threads() == 1 ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    // median seconds of 15 timed runs of 20 calls, after 200 warm-up calls
    static double time(Runnable f) {
        for (int i = 0; i < 200; i++) {
            f.run();
        }
        double[] t = new double[15];
        for (int i = 0; i < t.length; i++) {
            long t0 = clock();
            for (int j = 0; j < 20; j++) {
                f.run();
            }
            t[i] = (clock() - t0) / 20e9;
        }
        java.util.Arrays.sort(t);
        return t[t.length / 2];
    }

    static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[2 * L]);

    /** The direct convolution (stride 1, no padding), split by samples; out channels a multiple of 2L. */
    static final class Direct implements Parallel.Job {
        final int batch, C, H, W, K, OH, OW, out;
        final float[] wT, x, y, bias;

        Direct(Conv2d conv, Tensor x, Tensor y) {
            Shape in = conv.inputShape(), o = conv.outputShape();
            this.batch = x.rows();
            this.C = in.channels();
            this.H = in.height();
            this.W = in.width();
            this.K = conv.kernel();
            this.OH = o.height();
            this.OW = o.width();
            this.out = o.channels();
            int patch = C * K * K;
            this.wT = new float[patch * out];
            for (int oc = 0; oc < out; oc++) {
                for (int q = 0; q < patch; q++) {
                    wT[q * out + oc] = conv.weight().data[oc * patch + q];
                }
            }
            this.x = x.data;
            this.y = y.data;
            this.bias = conv.bias().data;
        }

        @Override
        public void run(int part, int parts) {
            int n0 = batch * part / parts, n1 = batch * (part + 1) / parts, pixels = OH * OW;
            for (int n = n0; n < n1; n++) {
                int xn = n * C * H * W;
                for (int p = 0; p < pixels; p += 4) {
                    int count = Math.min(4, pixels - p);
                    int p1 = Math.min(p + 1, pixels - 1), p2 = Math.min(p + 2, pixels - 1), p3 = Math.min(p + 3, pixels - 1);
                    int x0 = xn + (p / OW) * W + p % OW, x1 = xn + (p1 / OW) * W + p1 % OW;
                    int x2 = xn + (p2 / OW) * W + p2 % OW, x3 = xn + (p3 / OW) * W + p3 % OW;
                    for (int j = 0; j < out; j += 2 * L) {
                        FloatVector c00 = FloatVector.fromArray(S, bias, j), c01 = FloatVector.fromArray(S, bias, j + L);
                        FloatVector c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
                        int q = 0;
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < K; kh++) {
                                int off = c * H * W + kh * W;
                                for (int kw = 0; kw < K; kw++, q++) {
                                    FloatVector b0 = FloatVector.fromArray(S, wT, q * out + j);
                                    FloatVector b1 = FloatVector.fromArray(S, wT, q * out + j + L);
                                    int o2 = off + kw;
                                    FloatVector a = FloatVector.broadcast(S, x[x0 + o2]);
                                    c00 = a.fma(b0, c00);
                                    c01 = a.fma(b1, c01);
                                    a = FloatVector.broadcast(S, x[x1 + o2]);
                                    c10 = a.fma(b0, c10);
                                    c11 = a.fma(b1, c11);
                                    a = FloatVector.broadcast(S, x[x2 + o2]);
                                    c20 = a.fma(b0, c20);
                                    c21 = a.fma(b1, c21);
                                    a = FloatVector.broadcast(S, x[x3 + o2]);
                                    c30 = a.fma(b0, c30);
                                    c31 = a.fma(b1, c31);
                                }
                            }
                        }
                        store(c00, c01, n, j, p, 0, count, pixels);
                        store(c10, c11, n, j, p, 1, count, pixels);
                        store(c20, c21, n, j, p, 2, count, pixels);
                        store(c30, c31, n, j, p, 3, count, pixels);
                    }
                }
            }
        }

        // pixel p + t of channels j .. j + 2L, through a buffer (NCHW is strided by pixels)
        private void store(FloatVector lo, FloatVector hi, int n, int j, int p, int t, int count, int pixels) {
            if (t >= count) {
                return;
            }
            float[] tile = TILE.get();
            lo.intoArray(tile, 0);
            hi.intoArray(tile, L);
            for (int v = 0; v < 2 * L; v++) {
                y[(n * out + j + v) * pixels + p + t] = tile[v];
            }
        }
    }
}
