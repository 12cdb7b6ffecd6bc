package digitnet.tensor;

import java.util.Arrays;

/**
 * Max and average pooling over K x K windows with stride K (windows do not overlap; rows and
 * columns past the last whole window are dropped, as PyTorch's default floor mode does), on
 * NCHW images of C x H x W, output C x (H / K) x (W / K). Split over the
 * {@link Parallel#shared() shared pool} by samples, each sample in a fixed order, so results
 * do not depend on the thread count; nothing is allocated per call.
 */
public final class PoolOps {
    private static final ThreadLocal<Op> OPS = ThreadLocal.withInitial(Op::new);

    private PoolOps() {}

    /**
     * y[n, c, oh, ow] = max over the window of x; argmax[same index] = the column of x that held
     * it (the first one, on ties). x: (batch, C*H*W) -> y: (batch, C*OH*OW), argmax: batch*C*OH*OW ints.
     */
    public static void maxPool(Tensor x, int channels, int height, int width, int kernel, Tensor y, int[] argmax) {
        check(x, channels, height, width, kernel, y);
        OPS.get().launch(Op.MAX, x.data, y.data, argmax, x.rows(), channels, height, width, kernel);
    }

    /** dX = dY at each window's argmax, 0 elsewhere. dY: (batch, C*OH*OW) -> dX: (batch, C*H*W). */
    public static void maxPoolBackward(Tensor dY, int[] argmax, int channels, int height, int width, int kernel, Tensor dX) {
        check(dX, channels, height, width, kernel, dY);
        OPS.get().launch(Op.MAX_BACK, dY.data, dX.data, argmax, dX.rows(), channels, height, width, kernel);
    }

    /** y[n, c, oh, ow] = mean of x over the window. x: (batch, C*H*W) -> y: (batch, C*OH*OW). */
    public static void avgPool(Tensor x, int channels, int height, int width, int kernel, Tensor y) {
        check(x, channels, height, width, kernel, y);
        OPS.get().launch(Op.AVG, x.data, y.data, null, x.rows(), channels, height, width, kernel);
    }

    /** dX = dY / K^2 over each window, 0 outside every window. dY: (batch, C*OH*OW) -> dX: (batch, C*H*W). */
    public static void avgPoolBackward(Tensor dY, int channels, int height, int width, int kernel, Tensor dX) {
        check(dX, channels, height, width, kernel, dY);
        OPS.get().launch(Op.AVG_BACK, dY.data, dX.data, null, dX.rows(), channels, height, width, kernel);
    }

    private static void check(Tensor image, int c, int h, int w, int k, Tensor pooled) {
        if (k <= 0 || k > h || k > w || image.cols != c * h * w || pooled.cols != c * (h / k) * (w / k)
                || image.rows() != pooled.rows()) {
            throw new IllegalArgumentException("pooling " + k + "x" + k + " of " + c + "x" + h + "x" + w
                    + ": shapes " + image + ", " + pooled + " do not fit");
        }
    }

    private static final class Op implements Parallel.Job {
        static final int MAX = 0, MAX_BACK = 1, AVG = 2, AVG_BACK = 3;
        private static final long GRAIN = 1 << 15;
        private int kind, batch, C, H, W, K;
        private float[] src, dst;
        private int[] argmax;

        void launch(int kind, float[] src, float[] dst, int[] argmax, int batch, int c, int h, int w, int k) {
            this.kind = kind;
            this.src = src;
            this.dst = dst;
            this.argmax = argmax;
            this.batch = batch;
            this.C = c;
            this.H = h;
            this.W = w;
            this.K = k;
            Parallel pool = Parallel.shared();
            long work = (long) batch * c * h * w;
            int parts = (int) Math.min(Math.min(batch, 4L * pool.threads()), Math.max(1, work / GRAIN));
            try {
                pool.run(this, parts);
            } finally {
                this.src = this.dst = null;
                this.argmax = null;
            }
        }

        @Override
        public void run(int part, int parts) {
            int n0 = (int) ((long) batch * part / parts), n1 = (int) ((long) batch * (part + 1) / parts);
            int OH = H / K, OW = W / K, inSize = C * H * W, outSize = C * OH * OW;
            for (int n = n0; n < n1; n++) {
                int x0 = n * inSize, o = n * outSize;
                if (kind == MAX_BACK || kind == AVG_BACK) {
                    Arrays.fill(dst, x0, x0 + inSize, 0f);
                }
                if (kind == MAX && K == 2) {
                    o = max2(x0, o);
                    continue;
                }
                for (int c = 0; c < C; c++) {
                    int xc = x0 + c * H * W;
                    for (int oh = 0; oh < OH; oh++) {
                        for (int ow = 0; ow < OW; ow++, o++) {
                            int w0 = xc + oh * K * W + ow * K;
                            switch (kind) {
                                case MAX -> max(w0, o);
                                case MAX_BACK -> dst[argmax[o]] = src[o];
                                case AVG -> avg(w0, o);
                                default -> spread(w0, o);
                            }
                        }
                    }
                }
            }
        }

        // max for K = 2 (the common case) over one sample from x0, outputs from o; returns the next o.
        // The same choice as max(): the first maximum in (0,0), (0,1), (1,0), (1,1) order, or the
        // first NaN. Math.max finds the value (NaN if any is); the position is then the first entry
        // equal to it or NaN, found with no branch on the data (max() took 4x as long on the
        // Keras convnet's first pooling, bench/results/LAB-LOG.md, "From docs/cnn-speed.md")
        private int max2(int x0, int o) {
            int OH = H / 2, OW = W / 2;
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    int i = x0 + (c * H + 2 * oh) * W;
                    for (int ow = 0; ow < OW; ow++, o++, i += 2) {
                        float a0 = src[i], a1 = src[i + 1], a2 = src[i + W], a3 = src[i + W + 1];
                        float m = Math.max(Math.max(a0, a1), Math.max(a2, a3));
                        int not0 = a0 == m | a0 != a0 ? 0 : 1, not1 = a1 == m | a1 != a1 ? 0 : 1;
                        int not2 = a2 == m | a2 != a2 ? 0 : 1;
                        int at = not0 * (1 + not1 * (1 + not2));
                        int from = i + (at & 1) + (at >> 1) * W;
                        dst[o] = src[from];
                        argmax[o] = from;
                    }
                }
            }
            return o;
        }

        private void max(int w0, int o) {
            int best = w0;
            float m = src[w0];
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0, i = w0 + kh * W; kw < K; kw++, i++) {
                    if (src[i] > m || Float.isNaN(src[i]) && !Float.isNaN(m)) {
                        m = src[i];
                        best = i;
                    }
                }
            }
            dst[o] = m;
            argmax[o] = best;   // an index into the whole batch's x, as dX shares its layout
        }

        private void avg(int w0, int o) {
            float s = 0f;
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0, i = w0 + kh * W; kw < K; kw++, i++) {
                    s += src[i];
                }
            }
            dst[o] = s / (K * K);
        }

        private void spread(int w0, int o) {
            float g = src[o] / (K * K);
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0, i = w0 + kh * W; kw < K; kw++, i++) {
                    dst[i] = g;
                }
            }
        }
    }
}
