package digitnet.tensor;

import digitnet.tensor.ConvTiles.Start;
import digitnet.tensor.ImageOps.Geometry;
import java.util.Arrays;

/**
 * A convolution as one matrix product per sample on NCHW images ("im2col"), with no transposes
 * of the activations. Each sample's patches are laid out as columns, cols_n (C*K*K, pixels), a
 * pixel row padded with zeros to a whole number of vectors ({@link #paddedPixels}); then
 * <pre>
 *   forward     y_n (out, pixels)      = W (out, C*K*K) cols_n + b
 *   weights     dW^T (C*K*K, out)     += cols_n dY_n^T (pixels, out), over n = 0, 1, ... in order
 *   input       dCols_n (C*K*K, pixels) = W^T dY_n;  dX_n = col2im(dCols_n)
 * </pre>
 * (the weights' line, when its lane-wise partial sums fit in L1, as dot products along the pixels
 * of dY_n and cols_n instead: {@link #byDots}). A sample's blocks fit in the second-level cache,
 * so each product reads what the rearrangement just wrote. The forward and input passes are split over the {@link Parallel#shared() shared
 * pool} by samples, the weight gradient by rows of dW^T with the sum over samples inside each
 * row: every output is computed by one thread in a fixed order, so results are the same bit for
 * bit at any thread count. Needs the vector kernels and a number of output channels that is a
 * multiple of the vector width ({@link #fits}); {@code Conv2d} uses im2row otherwise.
 */
public final class ConvKernels {
    private static final ThreadLocal<Op> OPS = ThreadLocal.withInitial(Op::new);
    /** Per-thread scratch: [0] one sample's padded output or dY (out, paddedPixels), [1] its dCols. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][0]);

    private ConvKernels() {}

    /** Whether these kernels can compute a convolution with {@code outChannels} outputs here. */
    public static boolean fits(int outChannels) {
        return Vector.ACTIVE && outChannels % Kernels.active().lanes() == 0;
    }

    /** Whether the vector kernels run, read once at the first convolution (the choice is final by then). */
    private static final class Vector {
        static final boolean ACTIVE = KernelChoice.activeKind().equals("vector");
    }

    /** Output pixels per sample rounded up to whole vectors: the row length of cols. */
    public static int paddedPixels(Geometry g) {
        int lanes = Kernels.active().lanes();
        return (g.outArea() + lanes - 1) / lanes * lanes;
    }

    /**
     * Writes cols and y = conv(x). x: (batch, C*H*W), weight: (out, C*K*K), bias: (1, out) ->
     * cols: (batch, C*K*K * paddedPixels), y: (batch, out*OH*OW).
     */
    public static void forward(Tensor x, Geometry g, Tensor weight, Tensor bias, Tensor cols, Tensor y) {
        int batch = x.rows(), out = weight.rows();
        check(x.cols == g.inSize() && weight.cols == g.patch() && bias.cols == out && cols.rows() == batch
                && cols.cols == g.patch() * paddedPixels(g) && y.rows() == batch && y.cols == out * g.outArea(),
                "forward", x, y);
        OPS.get().launch(Op.FORWARD, g, batch, out, x.data, weight.data, bias.data, cols.data, y.data);
    }

    /**
     * dWeightT = sum over samples of cols_n dY_n^T and dBias = sum of dY over samples and pixels.
     * dYT is scratch: dY with each sample's block transposed to (paddedPixels, out), or, when the
     * lane-wise partial sums of every (out, C*K*K) pair fit in cache ({@link #byDots}), padded to
     * (out, paddedPixels), so that the gradient is a dot product along the pixels.
     * cols: (batch, C*K*K * paddedPixels), dY: (batch, out*OH*OW), dYT: (batch * paddedPixels, out)
     * -> dWeightT: (C*K*K, out), dBias: (1, out).
     */
    public static void weightGradient(Tensor cols, Tensor dY, Geometry g, Tensor dYT, Tensor dWeightT, Tensor dBias) {
        int batch = dY.rows(), out = dWeightT.cols, pad = paddedPixels(g);
        check(cols.rows() == batch && cols.cols == g.patch() * pad && dY.cols == out * g.outArea()
                && dYT.rows() == batch * pad && dYT.cols == out && dWeightT.rows() == g.patch() && dBias.cols == out,
                "weightGradient", dY, dWeightT);
        Op op = OPS.get();
        if (byDots(g, out)) {
            op.launch(Op.PAD_DY, g, batch, out, dY.data, null, null, null, dYT.data);
            op.launch(Op.DOTS, g, batch, out, cols.data, null, dBias.data, dYT.data, dWeightT.data);
            return;
        }
        op.launch(Op.TRANSPOSE_DY, g, batch, out, dY.data, null, null, null, dYT.data);
        op.launch(Op.WEIGHTS, g, batch, out, cols.data, null, null, dYT.data, dWeightT.data);
        Ops.sumRows(dYT, dBias);                                   // zero rows past the pixels add nothing
    }

    /**
     * Whether the weight gradient is computed as dot products along the pixels: when the lane-wise
     * partial sums of all (out, C*K*K) pairs fit in the first-level cache (a first layer with few
     * input channels and many pixels), which saves transposing dY.
     */
    static boolean byDots(Geometry g, int out) {
        return (long) out * g.patch() * Kernels.active().lanes() <= 8192;
    }

    /** dX = col2im(W^T dY_n) per sample. dY: (batch, out*OH*OW), weight: (out, C*K*K) -> dX: (batch, C*H*W). */
    public static void inputGradient(Tensor dY, Geometry g, Tensor weight, Tensor dX) {
        int batch = dY.rows(), out = weight.rows();
        check(weight.cols == g.patch() && dY.cols == out * g.outArea() && dX.rows() == batch && dX.cols == g.inSize(),
                "inputGradient", dY, dX);
        OPS.get().launch(Op.INPUT, g, batch, out, dY.data, weight.data, null, null, dX.data);
    }

    private static void check(boolean ok, String op, Tensor a, Tensor b) {
        if (!ok) {
            throw new IllegalArgumentException("conv " + op + ": shapes " + a + " -> " + b + " do not fit");
        }
    }

    /** One call's arguments, refilled by each call of the thread that owns it. */
    private static final class Op implements Parallel.Job {
        static final int FORWARD = 0, TRANSPOSE_DY = 1, WEIGHTS = 2, INPUT = 3, PAD_DY = 4, DOTS = 5;
        /** Multiply-adds below which a call stays on the calling thread. */
        private static final long GRAIN = 1 << 16;
        private int kind, batch, out, pix, pad, patch;
        private Geometry g;
        private float[] src, weight, bias, aux, dst;

        void launch(int kind, Geometry g, int batch, int out, float[] src, float[] weight, float[] bias,
                    float[] aux, float[] dst) {
            this.kind = kind;
            this.g = g;
            this.batch = batch;
            this.out = out;
            this.pix = g.outArea();
            this.pad = paddedPixels(g);
            this.patch = g.patch();
            this.src = src;
            this.weight = weight;
            this.bias = bias;
            this.aux = aux;
            this.dst = dst;
            Parallel pool = Parallel.shared();
            long work = (long) batch * pad * patch * out;
            int units = kind == WEIGHTS ? (patch + 3) / 4 : kind == DOTS ? out : batch;
            int parts = (int) Math.min(Math.min(units, 4L * pool.threads()), Math.max(1, work / GRAIN));
            try {
                pool.run(this, parts);
            } finally {
                this.src = this.weight = this.bias = this.aux = this.dst = null;
                this.g = null;
            }
        }

        @Override
        public void run(int part, int parts) {
            if (kind == DOTS) {
                dots((int) ((long) out * part / parts), (int) ((long) out * (part + 1) / parts));
                return;
            }
            if (kind == WEIGHTS) {
                int q0 = (int) ((long) patch * part / parts) & ~3, q1 = part + 1 == parts ? patch
                        : (int) ((long) patch * (part + 1) / parts) & ~3;
                weights(q0, q1);
                return;
            }
            int n0 = (int) ((long) batch * part / parts), n1 = (int) ((long) batch * (part + 1) / parts);
            for (int n = n0; n < n1; n++) {
                switch (kind) {
                    case FORWARD -> forward(n);
                    case TRANSPOSE_DY -> transposeDY(n);
                    case PAD_DY -> padDY(n);
                    default -> input(n);
                }
            }
        }

        private float[] scratch(int which, int size) {
            float[][] s = SCRATCH.get();
            if (s[which].length < size) {
                s[which] = new float[size];
            }
            return s[which];
        }

        // src = x, aux = cols, dst = y
        private void forward(int n) {
            float[] yPad = scratch(0, out * pad);
            int colsAt = n * patch * pad;
            im2col(src, n * g.inSize(), aux, colsAt);
            ConvTiles.gemm(weight, 0, patch, 1, aux, colsAt, pad, yPad, 0, pad, bias, Start.ROW_BIAS, patch, pad, 0, out);
            for (int o = 0; o < out; o++) {
                System.arraycopy(yPad, o * pad, dst, (n * out + o) * pix, pix);
            }
        }

        // src = dY, dst = dYT: dYT[n * pad + p, o] = dY[n, o * pix + p], 0 for p >= pix
        // in blocks of 16 pixels, so that both the rows read and the rows written stay in L1
        private void transposeDY(int n) {
            int d0 = n * pad * out, s0 = n * out * pix;
            for (int p0 = 0; p0 < pix; p0 += 16) {
                int p1 = Math.min(pix, p0 + 16);
                for (int o = 0; o < out; o++) {
                    int s = s0 + o * pix;
                    for (int p = p0; p < p1; p++) {
                        dst[d0 + p * out + o] = src[s + p];
                    }
                }
            }
            Arrays.fill(dst, d0 + pix * out, d0 + pad * out, 0f);
        }

        // src = dY, dst = dY padded: dst[n, o * pad + p] = dY[n, o * pix + p], 0 for p >= pix
        private void padDY(int n) {
            for (int o = 0; o < out; o++) {
                int row = (n * out + o) * pad;
                System.arraycopy(src, (n * out + o) * pix, dst, row, pix);
                Arrays.fill(dst, row + pix, row + pad, 0f);
            }
        }

        // src = cols, aux = dY padded, bias = dBias, dst = dWeightT; rows o0..o1 of dW and dB: lane-wise
        // partial sums over every sample in order, then the lanes added in order
        private void dots(int o0, int o1) {
            int L = Kernels.active().lanes();
            float[] part = scratch(0, (o1 - o0) * patch * L), biasPart = scratch(1, (o1 - o0) * L);
            for (int n = 0; n < batch; n++) {
                ConvTiles.dots(aux, n * out * pad, src, n * patch * pad, part, biasPart, n > 0, pad, patch, o0, o1);
            }
            for (int o = o0; o < o1; o++) {
                for (int q = 0; q < patch; q++) {
                    dst[q * out + o] = laneSum(part, ((o - o0) * patch + q) * L, L);
                }
                bias[o] = laneSum(biasPart, (o - o0) * L, L);
            }
        }

        private static float laneSum(float[] a, int from, int lanes) {
            float s = 0f;
            for (int i = from; i < from + lanes; i++) {
                s += a[i];
            }
            return s;
        }

        // src = cols, aux = dYT, dst = dWeightT; rows q0..q1 of dW^T summed over every sample in order
        private void weights(int q0, int q1) {
            for (int n = 0; n < batch; n++) {
                ConvTiles.gemm(src, n * patch * pad, pad, 1, aux, n * pad * out, out, dst, 0, out, null,
                        n == 0 ? Start.ZERO : Start.ACCUMULATE, pad, out, q0, q1);
            }
        }

        // src = dY, dst = dX
        private void input(int n) {
            float[] dYPad = scratch(0, out * pad), dCols = scratch(1, patch * pad);
            for (int o = 0; o < out; o++) {
                int row = o * pad;
                System.arraycopy(src, (n * out + o) * pix, dYPad, row, pix);
                Arrays.fill(dYPad, row + pix, row + pad, 0f);
            }
            ConvTiles.gemm(weight, 0, 1, patch, dYPad, 0, pad, dCols, 0, pad, null, Start.ZERO, out, pad, 0, patch);
            col2im(dCols, dst, n * g.inSize());
        }

        // cols[at + (c, kh, kw) * pad + (oh, ow)] = x[x0 + (c, oh*S - P + kh, ow*S - P + kw)], 0 in the padding
        private void im2col(float[] x, int x0, float[] cols, int at) {
            int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
            int OH = g.outHeight(), OW = g.outWidth();
            int r = at;
            for (int c = 0; c < C; c++) {
                int xc = x0 + c * H * W;
                for (int kh = 0; kh < K; kh++) {
                    for (int kw = 0; kw < K; kw++, r += pad) {
                        int e = r;
                        for (int oh = 0; oh < OH; oh++, e += OW) {
                            int ih = oh * S - P + kh;
                            if (ih < 0 || ih >= H) {
                                Arrays.fill(cols, e, e + OW, 0f);
                                continue;
                            }
                            int xr = xc + ih * W, iw0 = kw - P;
                            if (S == 1 && iw0 >= 0 && iw0 + OW <= W) {
                                System.arraycopy(x, xr + iw0, cols, e, OW);
                                continue;
                            }
                            for (int ow = 0; ow < OW; ow++) {
                                int iw = ow * S + iw0;
                                cols[e + ow] = iw >= 0 && iw < W ? x[xr + iw] : 0f;
                            }
                        }
                        Arrays.fill(cols, r + pix, r + pad, 0f);
                    }
                }
            }
        }

        // the adjoint of im2col: dX[x0 + (c, ih, iw)] = sum of the dCols entries that read it
        private void col2im(float[] dCols, float[] dX, int x0) {
            int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
            int OH = g.outHeight(), OW = g.outWidth();
            Arrays.fill(dX, x0, x0 + C * H * W, 0f);
            int r = 0;
            for (int c = 0; c < C; c++) {
                int xc = x0 + c * H * W;
                for (int kh = 0; kh < K; kh++) {
                    for (int kw = 0; kw < K; kw++, r += pad) {
                        int e = r;
                        for (int oh = 0; oh < OH; oh++, e += OW) {
                            int ih = oh * S - P + kh;
                            if (ih < 0 || ih >= H) {
                                continue;
                            }
                            int xr = xc + ih * W, iw0 = kw - P;
                            if (S == 1 && iw0 >= 0 && iw0 + OW <= W) {
                                for (int ow = 0; ow < OW; ow++) {
                                    dX[xr + iw0 + ow] += dCols[e + ow];
                                }
                                continue;
                            }
                            for (int ow = 0; ow < OW; ow++) {
                                int iw = ow * S + iw0;
                                if (iw >= 0 && iw < W) {
                                    dX[xr + iw] += dCols[e + ow];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
