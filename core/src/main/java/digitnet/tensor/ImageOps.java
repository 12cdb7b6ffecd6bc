package digitnet.tensor;

/**
 * The rearrangements around a convolution computed as a matrix product ("im2row"), each
 * writing into an output the caller owns and split over the {@link Parallel#shared() shared
 * pool} by samples: every sample is rearranged by one thread, in a fixed order, so results do
 * not depend on the thread count. Images are NCHW: sample n, channel c, row h, column w at
 * {@code ((n * C + c) * H + h) * W + w}.
 *
 * <p>A convolution with kernel K, stride S and zero padding P reads, for output pixel (oh, ow),
 * the patch rows {@code oh*S - P + kh} and columns {@code ow*S - P + kw}. {@link #im2row} writes
 * one row per output pixel holding its patch in (c, kh, kw) order, the order of PyTorch's weight
 * (out, in, K, K); the convolution is then rows x W^T.
 */
public final class ImageOps {
    private static final ThreadLocal<Op> OPS = ThreadLocal.withInitial(Op::new);

    private ImageOps() {}

    /** A convolution's geometry: input C x H x W, square kernel, stride, zero padding. */
    public record Geometry(int channels, int height, int width, int kernel, int stride, int padding) {
        public Geometry {
            if (channels <= 0 || height <= 0 || width <= 0 || kernel <= 0 || stride <= 0 || padding < 0
                    || kernel > height + 2 * padding || kernel > width + 2 * padding) {
                throw new IllegalArgumentException("bad convolution geometry: input " + channels + "x" + height
                        + "x" + width + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
            }
        }

        public int outHeight() {
            return (height + 2 * padding - kernel) / stride + 1;
        }

        public int outWidth() {
            return (width + 2 * padding - kernel) / stride + 1;
        }

        /** Output pixels per sample. */
        public int outArea() {
            return outHeight() * outWidth();
        }

        /** Elements of one patch row: C * K * K. */
        public int patch() {
            return channels * kernel * kernel;
        }

        int inSize() {
            return channels * height * width;
        }
    }

    /** rows[n * outArea + pixel, (c, kh, kw)] = x[n, c, ih, iw] or 0 in the padding. x: (batch, C*H*W) -> rows: (batch*outArea, C*K*K). */
    public static void im2row(Tensor x, Geometry g, Tensor rows) {
        int batch = x.rows();
        check(x.cols == g.inSize() && rows.rows() == batch * g.outArea() && rows.cols == g.patch(), "im2row", x, rows);
        OPS.get().launch(Op.IM2ROW, x.data, rows.data, g, batch, 0, 0);
    }

    /**
     * The adjoint of {@link #im2row}: dX[n, c, ih, iw] = sum of dRows over the patch entries that
     * read it (zero where none does). dRows: (batch*outArea, C*K*K) -> dX: (batch, C*H*W).
     */
    public static void row2im(Tensor dRows, Geometry g, Tensor dX) {
        int batch = dX.rows();
        check(dX.cols == g.inSize() && dRows.rows() == batch * g.outArea() && dRows.cols == g.patch(), "row2im", dRows, dX);
        OPS.get().launch(Op.ROW2IM, dRows.data, dX.data, g, batch, 0, 0);
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
        OPS.get().launch(Op.TRANSPOSE, src.data, dst.data, null, batch, a, b);
    }

    private static void check(boolean ok, String op, Tensor a, Tensor b) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes " + a + " -> " + b + " do not fit");
        }
    }

    /** One call's arguments, refilled by each call of the thread that owns it. */
    private static final class Op implements Parallel.Job {
        static final int IM2ROW = 0, ROW2IM = 1, TRANSPOSE = 2;
        /** Elements moved below which a call stays on the calling thread. */
        private static final long GRAIN = 1 << 15;
        private int kind, batch, a, b;
        private float[] src, dst;
        private Geometry g;

        void launch(int kind, float[] src, float[] dst, Geometry g, int batch, int a, int b) {
            this.kind = kind;
            this.src = src;
            this.dst = dst;
            this.g = g;
            this.batch = batch;
            this.a = a;
            this.b = b;
            long work = g == null ? (long) batch * a * b : (long) batch * g.outArea() * g.patch();
            Parallel pool = Parallel.shared();
            int parts = (int) Math.min(Math.min(batch, 4L * pool.threads()), Math.max(1, work / GRAIN));
            try {
                pool.run(this, parts);
            } finally {
                this.src = this.dst = null;
                this.g = null;
            }
        }

        @Override
        public void run(int part, int parts) {
            int n0 = (int) ((long) batch * part / parts), n1 = (int) ((long) batch * (part + 1) / parts);
            for (int n = n0; n < n1; n++) {
                switch (kind) {
                    case IM2ROW -> im2row(n);
                    case ROW2IM -> row2im(n);
                    default -> transpose(n);
                }
            }
        }

        private void im2row(int n) {
            int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
            int OH = g.outHeight(), OW = g.outWidth(), patch = g.patch();
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
                                    dst[r++] = 0f;
                                }
                                continue;
                            }
                            int xr = xc + ih * W, iw0 = ow * S - P;
                            for (int kw = 0; kw < K; kw++) {
                                int iw = iw0 + kw;
                                dst[r++] = iw >= 0 && iw < W ? src[xr + iw] : 0f;
                            }
                        }
                    }
                }
            }
        }

        private void row2im(int n) {
            int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
            int OH = g.outHeight(), OW = g.outWidth(), patch = g.patch();
            int x0 = n * C * H * W;
            java.util.Arrays.fill(dst, x0, x0 + C * H * W, 0f);
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
                                    dst[xr + iw] += src[r];
                                }
                            }
                        }
                    }
                }
            }
        }

        private void transpose(int n) {
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
