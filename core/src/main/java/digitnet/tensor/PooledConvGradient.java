package digitnet.tensor;

import java.util.Arrays;

/**
 * The gradients of a convolution whose output goes straight to a max pooling, read from the pooling's
 * gradient: dY of the convolution is dPooled at each window's maximum and 0 elsewhere, so only the windows' maxima
 * take part, and of those only the ones whose gradient is not 0 (a ReLU or dropout after the pooling zeroes many).
 * With the sample's pixels laid out channels last (NHWC) in a frame of zeros as wide as the padding (width W + 2 pad),
 * and W's columns by tap, then channel ({@link Im2ColConv#byTap}), a maximum at output pixel (oh, ow) of channel o
 * with gradient g touches, for each kernel row kh, one run of K*C floats of the framed input at ((oh*s + kh) *
 * (W + 2 pad) + ow*s) * C and the same run of W row o at kh*K*C (runs that reach into the frame read zeros there,
 * and what they add there is dropped):
 * <pre>
 *   input    dX^T_n[run] += g * W'[o, kh run]          (by samples; dX^T_n's inside then laid back out as C x H x W)
 *   weights  dW'[o, kh run] += g * x^T_n[run]          (by rows o of dW', over the samples in order)
 *   bias     dB[o] += g
 * </pre>
 * A 2x2 pooling keeps a quarter of the output, so this is a quarter of the products of the dense gradients or less
 * (the Keras convnet's second layer: bench/results/LAB-LOG.md, "The second convolution from the pooled gradient").
 * The sums run in another order than the dense products, so the results equal theirs to rounding, not bit for bit;
 * each output is summed by one thread in a fixed order, the same bits at any thread count.
 */
public final class PooledConvGradient {
    /** Multiply-adds below which a call stays on the calling thread. */
    private static final long GRAIN = 1 << 15;
    private static final ThreadLocal<Samples> SAMPLES = ThreadLocal.withInitial(Samples::new);
    private static final ThreadLocal<Weights> WEIGHTS = ThreadLocal.withInitial(Weights::new);
    private static final ThreadLocal<Lists> LISTS = ThreadLocal.withInitial(Lists::new);

    private PooledConvGradient() {}

    /**
     * Whether a convolution of this geometry can take its gradients here: a kernel row's run of K*C input floats at
     * least a vector long (shorter runs, a first layer on 1 or 3 channels, go by the dense products).
     */
    public static boolean fits(ConvGeometry g) {
        return fits(Kernels.active(), g);
    }

    static boolean fits(Kernels kernels, ConvGeometry g) {
        return g.kernel() * g.channels() >= Math.max(8, kernels.lanes());
    }

    /**
     * x: (batch, C*H*W), weight: (out, C*K*K), dPooled: (batch, out*pooledArea) with argmax (an index into the batch's
     * convolution output for each pooled entry, as {@link PoolOps#maxPool} writes it) -> dWeight: (out, C*K*K),
     * dBias: (1, out), dX: (batch, C*H*W), or null where no input gradient is wanted.
     */
    public static void backward(Tensor x, ConvGeometry g, Tensor weight, Tensor dPooled, int[] argmax,
                                Tensor dWeight, Tensor dBias, Tensor dX) {
        backward(Kernels.active(), x, g, weight, dPooled, argmax, dWeight, dBias, dX);
    }

    static void backward(Kernels kernels, Tensor x, ConvGeometry g, Tensor weight, Tensor dPooled, int[] argmax,
                         Tensor dWeight, Tensor dBias, Tensor dX) {
        int batch = x.rows(), out = weight.rows();
        if (!(fits(kernels, g) && x.cols == g.inSize() && weight.cols == g.patch() && dPooled.rows() == batch
                && dPooled.cols % out == 0 && argmax.length >= dPooled.size() && dWeight.rows() == out
                && dWeight.cols == g.patch() && dBias.cols == out
                && (dX == null || dX.rows() == batch && dX.cols == g.inSize()))) {
            throw new IllegalArgumentException("conv gradient from pooled: shapes " + x + ", " + dPooled + " -> "
                    + dWeight + " do not fit " + g);
        }
        Samples samples = SAMPLES.get();
        samples.xT = grown(samples.xT, batch * slab(g));
        samples.byTap = Im2ColConv.byTap(samples.byTap, weight, g);
        samples.x = x.data;
        samples.dX = dX == null ? null : dX.data;
        samples.set(kernels, g, out, dPooled, argmax);
        samples.runAt = runAt(samples.runAt, g);
        long work = (long) dPooled.size() * g.kernel() * g.kernel() * g.channels();
        samples.run(batch, work);
        Weights weights = WEIGHTS.get();
        weights.xT = samples.xT;
        weights.dWT = grown(weights.dWT, out * g.patch());
        weights.dBias = dBias.data;
        weights.set(kernels, g, out, dPooled, argmax);
        weights.runAt = samples.runAt;
        weights.run(out, work);
        Im2ColConv.fromTap(weights.dWT, g, dWeight);    // dW'[o, (kh, kw, c)] -> dW[o, (c, kh, kw)]
    }

    /**
     * Where the input run of kernel row 0 starts in a sample's framed x^T for the maximum at each output pixel p,
     * into {@code have} when it fits.
     */
    private static int[] runAt(int[] have, ConvGeometry g) {
        int area = g.outArea(), ow = g.outWidth(), s = g.stride(), framedWidth = g.width() + 2 * g.padding();
        int[] at = have != null && have.length >= area ? have : new int[area];
        for (int p = 0; p < area; p++) {
            at[p] = ((p / ow) * s * framedWidth + (p % ow) * s) * g.channels();
        }
        return at;
    }

    /** Floats of one sample's x^T: the image framed by the padding, channels last. */
    static int slab(ConvGeometry g) {
        return (g.height() + 2 * g.padding()) * (g.width() + 2 * g.padding()) * g.channels();
    }

    private static float[] grown(float[] have, int size) {
        return have != null && have.length >= size ? have : new float[size];
    }

    /** The geometry and the pooled gradient of one call; units split as the subclass says. */
    private abstract static class Pass extends RangeJob {
        Kernels kernels;
        ConvGeometry g;
        int batch, out, pooledArea, outArea, C, K, run, pad, paddedWidth, rowPitch, slab;
        float[] dPooled;
        int[] argmax;
        int[] runAt;            // where each output pixel's input run starts in a sample's framed x^T, the same for both passes

        void set(Kernels kernels, ConvGeometry g, int out, Tensor dPooled, int[] argmax) {
            this.kernels = kernels;
            this.g = g;
            this.out = out;
            this.batch = dPooled.rows();
            this.pooledArea = dPooled.cols / out;
            this.outArea = g.outArea();
            this.C = g.channels();
            this.K = g.kernel();
            this.run = K * C;
            this.pad = g.padding();
            this.paddedWidth = g.width() + 2 * pad;
            this.rowPitch = paddedWidth * C;
            this.slab = slab(g);
            this.dPooled = dPooled.data;
            this.argmax = argmax;
        }

        void run(int units, long work) {
            split(units, 1, work, GRAIN);
        }

    }

    /**
     * 1 where d is not 0 (NaN included), else 0, by arithmetic: the JIT compiles a comparison to a branch, and where
     * dropout or a ReLU zeroed half of the gradients at random it was mispredicted half of the time (3x slower).
     */
    static int nonZero(float d) {
        int bits = Float.floatToRawIntBits(d) & 0x7fffffff;
        return (bits | -bits) >>> 31;
    }

    /** By samples: x_n laid out channels last into x^T, and dX_n from the maxima's runs of W'. */
    private static final class Samples extends Pass {
        float[] x, xT, byTap, dX;

        @Override
        protected void range(int n0, int n1) {
            int area = g.height() * g.width(), patch = K * run;
            Lists lists = LISTS.get().fit(out * pooledArea + 1, outArea);
            int spare = out * pooledArea;
            for (int n = n0; n < n1; n++) {
                int at = n * slab;
                if (pad > 0) {
                    Arrays.fill(xT, at, at + slab, 0f);       // the frame of zeros the padding reads
                }
                for (int c = 0; c < C; c++) {                 // x^T_n[(ih + pad, iw + pad), c] = x_n[c, ih, iw]
                    for (int ih = 0, from = n * g.inSize() + c * area; ih < g.height(); ih++) {
                        for (int iw = 0, to = at + ((ih + pad) * paddedWidth + pad) * C + c; iw < g.width(); iw++, to += C) {
                            xT[to] = x[from++];
                        }
                    }
                }
                if (dX == null) {
                    continue;
                }
                // the maxima with a gradient, by output pixel (o, then window, in order within a pixel): for each pixel
                // p the sum over its maxima of dP W'[o] is one run of each kernel row, added to dX^T_n where p's window is
                int[] start = lists.start;
                Arrays.fill(start, 0, outArea + 1, 0);
                for (int o = 0; o < out; o++) {
                    int base = (n * out + o) * outArea;
                    for (int w = (n * out + o) * pooledArea, end = w + pooledArea; w < end; w++) {
                        start[argmax[w] - base + 1] += nonZero(dPooled[w]);     // no branch: half are 0 at random
                    }
                }
                for (int p = 0; p < outArea; p++) {
                    start[p + 1] += start[p];
                }
                int[] next = lists.next;
                System.arraycopy(start, 0, next, 0, outArea);
                for (int o = 0; o < out; o++) {
                    int base = (n * out + o) * outArea;
                    for (int w = (n * out + o) * pooledArea, end = w + pooledArea; w < end; w++) {
                        int p = argmax[w] - base, slot = next[p], kept = nonZero(dPooled[w]);
                        int i = spare ^ ((slot ^ spare) & -kept);  // a window whose dP is 0 writes the spare entry
                        lists.d[i] = dPooled[w];
                        lists.at[i] = o * patch;
                        next[p] = slot + kept;
                    }
                }
                float[] dXT = lists.dXT(slab);
                Arrays.fill(dXT, 0, slab, 0f);
                for (int p = 0; p < outArea; p++) {
                    if (start[p] < start[p + 1]) {             // y = conv(x), dY = dP at the maxima  =>  dX^T[run] += dY W'[o, run]
                        int to = runAt[p];
                        for (int kh = 0; kh < K; kh++) {
                            kernels.axpyMany(lists.d, lists.at, start[p], start[p + 1], byTap, kh * run, dXT,
                                    to + kh * rowPitch, run);
                        }
                    }
                }
                for (int c = 0; c < C; c++) {                 // dX_n[c, ih, iw] = dX^T_n[(ih + pad, iw + pad), c]
                    for (int ih = 0, to = n * g.inSize() + c * area; ih < g.height(); ih++) {
                        for (int iw = 0, from = ((ih + pad) * paddedWidth + pad) * C + c; iw < g.width(); iw++, from += C) {
                            dX[to++] = dXT[from];
                        }
                    }
                }
            }
        }
    }

    /** By rows o of dW' (out, (kh, kw, c)): the sum over the samples in order of each maximum's input runs. */
    private static final class Weights extends Pass {
        float[] xT, dWT, dBias;

        @Override
        protected void range(int o0, int o1) {
            Lists lists = LISTS.get().fit(pooledArea, 0);
            int patch = K * run;
            Arrays.fill(dWT, o0 * patch, o1 * patch, 0f);
            Arrays.fill(dBias, o0, o1, 0f);
            for (int n = 0; n < batch; n++) {
                for (int o = o0; o < o1; o++) {
                    int base = (n * out + o) * outArea, count = 0;
                    float bias = dBias[o];
                    for (int w = (n * out + o) * pooledArea, end = w + pooledArea; w < end; w++) {
                        float d = dPooled[w];              // every window written, kept where dP is not 0: no branch
                        lists.d[count] = d;
                        lists.at[count] = n * slab + runAt[argmax[w] - base];
                        count += nonZero(d);
                        bias += d;                         // y = conv(x) + b  =>  dB[o] += dP at each maximum
                    }
                    dBias[o] = bias;
                    for (int kh = 0; kh < K; kh++) {           // y = conv(x)  =>  dW'[o, run] += dP x^T_n[run]
                        kernels.axpyMany(lists.d, lists.at, 0, count, xT, kh * rowPitch, dWT, (o * K + kh) * run, run);
                    }
                }
            }
        }
    }

    /** Per-thread scratch: the maxima of a sample (gradient, where their run starts), by pixel (start, next), and dX^T_n. */
    private static final class Lists {
        float[] d = new float[0], dXT = new float[0];
        int[] at = new int[0], start = new int[0], next = new int[0];

        Lists fit(int entries, int pixels) {
            if (d.length < entries) {
                d = new float[entries];
                at = new int[entries];
            }
            if (start.length < pixels + 1) {
                start = new int[pixels + 1];
                next = new int[pixels + 1];
            }
            return this;
        }

        float[] dXT(int size) {
            if (dXT.length < size) {
                dXT = new float[size];
            }
            return dXT;
        }
    }
}
