package digitnet.tensor;

import java.util.Arrays;

/**
 * Max and average pooling over K x K windows with stride K (windows do not overlap; rows and
 * columns past the last whole window are dropped, as PyTorch's default floor mode does), on
 * NCHW images of C x H x W, output C x (H / K) x (W / K). Split over the
 * {@link Parallel#shared() shared pool} by samples ({@link RangeJob}), each sample in a fixed
 * order, so results do not depend on the thread count; nothing is allocated per call (but the
 * map of 2 x 2 windows, when the caller does not pass the one it made: {@link #corners}). One plain-Java form under both kernel
 * kinds, but for 2 x 2 max pooling, {@link Kernels#maxPool2}.
 */
public final class PoolOps {
    /** Input floats below which a call stays on the calling thread. */
    private static final long GRAIN = 1 << 15;
    private static final ThreadLocal<MaxPool> MAX = ThreadLocal.withInitial(MaxPool::new);
    private static final ThreadLocal<MaxPoolBackward> MAX_BACKWARD = ThreadLocal.withInitial(MaxPoolBackward::new);
    private static final ThreadLocal<AvgPool> AVG = ThreadLocal.withInitial(AvgPool::new);
    private static final ThreadLocal<AvgPoolBackward> AVG_BACKWARD = ThreadLocal.withInitial(AvgPoolBackward::new);

    private PoolOps() {}

    /**
     * y[n, c, oh, ow] = max over the window of x; argmax[same index] = the column of x that held
     * it (the first one, on ties). x: (batch, C*H*W) -> y: (batch, C*OH*OW), argmax: batch*C*OH*OW ints.
     * For 2 x 2 windows this makes the map of window corners at each call; a layer that pools one shape
     * over and over makes it once ({@link #corners}) and passes it.
     */
    public static void maxPool(Tensor x, int channels, int height, int width, int kernel, Tensor y, int[] argmax) {
        maxPool(Kernels.active(), x, channels, height, width, kernel, y, argmax);
    }

    /** {@link #maxPool(Tensor, int, int, int, int, Tensor, int[])} with the map of 2 x 2 windows given (null for other windows). */
    public static void maxPool(Tensor x, int channels, int height, int width, int kernel, Tensor y, int[] argmax,
                               int[] corners) {
        maxPool(Kernels.active(), x, channels, height, width, kernel, y, argmax, corners);
    }

    static void maxPool(Kernels kernels, Tensor x, int channels, int height, int width, int kernel, Tensor y, int[] argmax) {
        maxPool(kernels, x, channels, height, width, kernel, y, argmax, kernel == 2 ? corners(channels, height, width) : null);
    }

    static void maxPool(Kernels kernels, Tensor x, int channels, int height, int width, int kernel, Tensor y, int[] argmax,
                        int[] corners) {
        check(x, channels, height, width, kernel, y);
        if (kernel == 2 && (corners == null || corners.length != channels * (height / 2) * (width / 2))) {
            throw new IllegalArgumentException("2x2 max pooling of " + channels + "x" + height + "x" + width
                    + " needs its map of " + channels * (height / 2) * (width / 2) + " window corners");
        }
        MaxPool job = MAX.get();
        job.corner = corners;
        job.kernels = kernels;
        job.x = x.data;
        job.y = y.data;
        job.argmax = argmax;
        job.run(x.rows(), channels, height, width, kernel);
    }

    /** The top-left entry of each 2 x 2 window of C x H x W images, from the sample's start, in the order of the windows. */
    public static int[] corners(int c, int h, int w) {
        int oh = h / 2, ow = w / 2;
        int[] corner = new int[c * oh * ow];
        for (int ch = 0, o = 0; ch < c; ch++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    corner[o] = (ch * h + 2 * i) * w + 2 * j;
                }
            }
        }
        return corner;
    }

    /** dX = dY at each window's argmax, 0 elsewhere. dY: (batch, C*OH*OW) -> dX: (batch, C*H*W). */
    public static void maxPoolBackward(Tensor dY, int[] argmax, int channels, int height, int width, int kernel, Tensor dX) {
        check(dX, channels, height, width, kernel, dY);
        MaxPoolBackward job = MAX_BACKWARD.get();
        job.dY = dY.data;
        job.argmax = argmax;
        job.dX = dX.data;
        job.run(dX.rows(), channels, height, width, kernel);
    }

    /** y[n, c, oh, ow] = mean of x over the window. x: (batch, C*H*W) -> y: (batch, C*OH*OW). */
    public static void avgPool(Tensor x, int channels, int height, int width, int kernel, Tensor y) {
        check(x, channels, height, width, kernel, y);
        AvgPool job = AVG.get();
        job.x = x.data;
        job.y = y.data;
        job.run(x.rows(), channels, height, width, kernel);
    }

    /** dX = dY / K^2 over each window, 0 outside every window. dY: (batch, C*OH*OW) -> dX: (batch, C*H*W). */
    public static void avgPoolBackward(Tensor dY, int channels, int height, int width, int kernel, Tensor dX) {
        check(dX, channels, height, width, kernel, dY);
        AvgPoolBackward job = AVG_BACKWARD.get();
        job.dY = dY.data;
        job.dX = dX.data;
        job.run(dX.rows(), channels, height, width, kernel);
    }

    private static void check(Tensor image, int c, int h, int w, int k, Tensor pooled) {
        if (k <= 0 || k > h || k > w || image.cols != c * h * w || pooled.cols != c * (h / k) * (w / k)
                || image.rows() != pooled.rows()) {
            throw new IllegalArgumentException("pooling " + k + "x" + k + " of " + c + "x" + h + "x" + w
                    + ": shapes " + image + ", " + pooled + " do not fit");
        }
    }

    /** A pooling pass split by samples: images of C x H x W, windows K x K, output C x OH x OW. */
    private abstract static class Pass extends RangeJob {
        int C, H, W, K, OH, OW;

        void run(int batch, int c, int h, int w, int k) {
            this.C = c;
            this.H = h;
            this.W = w;
            this.K = k;
            this.OH = h / k;
            this.OW = w / k;
            split(batch, 1, (long) batch * c * h * w, GRAIN);
        }

        @Override
        protected void range(int n0, int n1) {
            for (int n = n0; n < n1; n++) {
                sample(n * C * H * W, n * C * OH * OW);
            }
        }

        /** One sample, its image from x0 and its pooled values from o0. */
        abstract void sample(int x0, int o0);
    }

    private static final class MaxPool extends Pass {
        Kernels kernels;
        float[] x, y;
        int[] argmax;
        /** For K = 2: each window's top-left entry, from the sample's start ({@link #corners}). */
        int[] corner;

        @Override
        void sample(int x0, int o) {
            if (K == 2) {
                kernels.maxPool2(x, x0, corner, W, OW, y, argmax, o, C * OH * OW);
                return;
            }
            for (int c = 0; c < C; c++) {
                int xc = x0 + c * H * W;
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++, o++) {
                        max(xc + oh * K * W + ow * K, o);
                    }
                }
            }
        }

        // the window whose top-left corner is x[w0]
        private void max(int w0, int o) {
            int best = w0;
            float m = x[w0];
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0, i = w0 + kh * W; kw < K; kw++, i++) {
                    if (x[i] > m || Float.isNaN(x[i]) && !Float.isNaN(m)) {
                        m = x[i];
                        best = i;
                    }
                }
            }
            y[o] = m;
            argmax[o] = best;   // an index into the whole batch's x, as dX shares its layout
        }
    }

    private static final class MaxPoolBackward extends Pass {
        float[] dY, dX;
        int[] argmax;

        @Override
        void sample(int x0, int o0) {
            Arrays.fill(dX, x0, x0 + C * H * W, 0f);
            for (int o = o0; o < o0 + C * OH * OW; o++) {
                dX[argmax[o]] = dY[o];
            }
        }
    }

    private static final class AvgPool extends Pass {
        float[] x, y;

        @Override
        void sample(int x0, int o) {
            for (int c = 0; c < C; c++) {
                int xc = x0 + c * H * W;
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++, o++) {
                        int w0 = xc + oh * K * W + ow * K;
                        float s = 0f;
                        for (int kh = 0; kh < K; kh++) {
                            for (int kw = 0, i = w0 + kh * W; kw < K; kw++, i++) {
                                s += x[i];
                            }
                        }
                        y[o] = s / (K * K);
                    }
                }
            }
        }
    }

    private static final class AvgPoolBackward extends Pass {
        float[] dY, dX;

        @Override
        void sample(int x0, int o) {
            Arrays.fill(dX, x0, x0 + C * H * W, 0f);
            for (int c = 0; c < C; c++) {
                int xc = x0 + c * H * W;
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++, o++) {
                        int w0 = xc + oh * K * W + ow * K;
                        float g = dY[o] / (K * K);
                        for (int kh = 0; kh < K; kh++) {
                            for (int kw = 0, i = w0 + kh * W; kw < K; kw++, i++) {
                                dX[i] = g;
                            }
                        }
                    }
                }
            }
        }
    }
}
