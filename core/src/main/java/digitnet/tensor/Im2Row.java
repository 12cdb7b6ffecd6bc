package digitnet.tensor;

/**
 * The im2row formulation of a convolution: each output pixel's input patch becomes a row, so the
 * convolution is one matrix product, rows (batch*pixels, C*K*K) x W^T (C*K*K, out), in
 * {@link MatMul}; what {@code Conv2d} uses when {@link Im2ColConv} does not fit. Here are the
 * rearrangements around that product, each writing into an output the caller owns and split over
 * the {@link Parallel#shared() shared pool} by samples ({@link RangeJob}): every sample is
 * rearranged by one thread, in a fixed order, so results do not depend on the thread count.
 * Images are NCHW: sample n, channel c, row h, column w at {@code ((n * C + c) * H + h) * W + w};
 * patches are in (c, kh, kw) order, the order of PyTorch's weight (out, in, K, K).
 */
public final class Im2Row {
    /** Elements moved below which a call stays on the calling thread. */
    private static final long GRAIN = 1 << 15;
    private static final ThreadLocal<ToRows> TO_ROWS = ThreadLocal.withInitial(ToRows::new);
    private static final ThreadLocal<ToImages> TO_IMAGES = ThreadLocal.withInitial(ToImages::new);
    private static final ThreadLocal<TransposeSamples> TRANSPOSE = ThreadLocal.withInitial(TransposeSamples::new);

    private Im2Row() {}

    /** rows[n * outArea + pixel, (c, kh, kw)] = x[n, c, ih, iw] or 0 in the padding. x: (batch, C*H*W) -> rows: (batch*outArea, C*K*K). */
    public static void im2row(Tensor x, ConvGeometry g, Tensor rows) {
        int batch = x.rows();
        check(x.cols == g.inSize() && rows.rows() == batch * g.outArea() && rows.cols == g.patch(), "im2row", x, rows);
        TO_ROWS.get().run(x.data, g, rows.data, batch);
    }

    /**
     * The adjoint of {@link #im2row}: dX[n, c, ih, iw] = sum of dRows over the patch entries that
     * read it (zero where none does). dRows: (batch*outArea, C*K*K) -> dX: (batch, C*H*W).
     */
    public static void row2im(Tensor dRows, ConvGeometry g, Tensor dX) {
        int batch = dX.rows();
        check(dX.cols == g.inSize() && dRows.rows() == batch * g.outArea() && dRows.cols == g.patch(), "row2im", dRows, dX);
        TO_IMAGES.get().run(dRows.data, g, dX.data, batch);
    }

    /**
     * Transposes each sample's block: src[n, i * b + j] -> dst[n, j * a + i]. Between rows
     * (batch*pixels, channels) and images (batch, channels*pixels): a = pixels, b = channels one
     * way, the other way round back.
     */
    public static void transposeSamples(Tensor src, int batch, int a, int b, Tensor dst) {
        if ((long) src.size() != (long) batch * a * b || (long) dst.size() != (long) batch * a * b) {
            throw new IllegalArgumentException("transposeSamples: " + src + " -> " + dst + " do not hold "
                    + batch + " blocks of " + a + "x" + b);
        }
        TRANSPOSE.get().run(src.data, dst.data, batch, a, b);
    }

    private static void check(boolean ok, String op, Tensor a, Tensor b) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes " + a + " -> " + b + " do not fit");
        }
    }

    /** {@link #im2row}, by samples. */
    private static final class ToRows extends RangeJob {
        private float[] x, rows;
        private ConvGeometry g;

        void run(float[] x, ConvGeometry g, float[] rows, int batch) {
            this.x = x;
            this.g = g;
            this.rows = rows;
            split(batch, 1, (long) batch * g.outArea() * g.patch(), GRAIN);
        }

        @Override
        protected void range(int n0, int n1) {
            int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
            int OH = g.outHeight(), OW = g.outWidth(), patch = g.patch();
            for (int n = n0; n < n1; n++) {
                int x0 = n * C * H * W;
                int r = n * OH * OW * patch;
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        for (int c = 0; c < C; c++) {
                            int xc = x0 + c * H * W;
                            for (int kh = 0; kh < K; kh++) {
                                int ih = oh * S - P + kh;
                                if (ih < 0 || ih >= H) {
                                    for (int kw = 0; kw < K; kw++) {
                                        rows[r++] = 0f;
                                    }
                                    continue;
                                }
                                int xr = xc + ih * W, iw0 = ow * S - P;
                                for (int kw = 0; kw < K; kw++) {
                                    int iw = iw0 + kw;
                                    rows[r++] = iw >= 0 && iw < W ? x[xr + iw] : 0f;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link #row2im}, by samples. */
    private static final class ToImages extends RangeJob {
        private float[] dRows, dX;
        private ConvGeometry g;

        void run(float[] dRows, ConvGeometry g, float[] dX, int batch) {
            this.dRows = dRows;
            this.g = g;
            this.dX = dX;
            split(batch, 1, (long) batch * g.outArea() * g.patch(), GRAIN);
        }

        @Override
        protected void range(int n0, int n1) {
            int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
            int OH = g.outHeight(), OW = g.outWidth(), patch = g.patch();
            for (int n = n0; n < n1; n++) {
                int x0 = n * C * H * W;
                java.util.Arrays.fill(dX, x0, x0 + C * H * W, 0f);
                int r = n * OH * OW * patch;
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        for (int c = 0; c < C; c++) {
                            int xc = x0 + c * H * W;
                            for (int kh = 0; kh < K; kh++) {
                                int ih = oh * S - P + kh;
                                if (ih < 0 || ih >= H) {
                                    r += K;
                                    continue;
                                }
                                int xr = xc + ih * W, iw0 = ow * S - P;
                                for (int kw = 0; kw < K; kw++, r++) {
                                    int iw = iw0 + kw;
                                    if (iw >= 0 && iw < W) {
                                        dX[xr + iw] += dRows[r];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@link #transposeSamples}, by samples. */
    private static final class TransposeSamples extends RangeJob {
        private float[] src, dst;
        private int a, b;

        void run(float[] src, float[] dst, int batch, int a, int b) {
            this.src = src;
            this.dst = dst;
            this.a = a;
            this.b = b;
            split(batch, 1, (long) batch * a * b, GRAIN);
        }

        @Override
        protected void range(int n0, int n1) {
            for (int n = n0; n < n1; n++) {
                int base = n * a * b;
                for (int i = 0; i < a; i++) {
                    int s = base + i * b;
                    for (int j = 0; j < b; j++) {
                        dst[base + j * a + i] = src[s + j];
                    }
                }
            }
        }
    }
}
