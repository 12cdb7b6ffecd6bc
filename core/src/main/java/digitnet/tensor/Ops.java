package digitnet.tensor;

/**
 * Element-wise operations and reductions, each writing into an output the caller owns (ReLU split
 * over the shared pool when large): ReLU's derivative and exp through the {@link Kernels} (the package-private forms take them, so tests
 * run both kinds), the others in plain Java under both kinds.
 */
public final class Ops {
    private Ops() {}

    /** y[r, c] += bias[c] for every row. y: (m, n), bias: (1, n). */
    public static void addRowVector(Tensor y, Tensor bias) {
        int m = y.rows(), n = y.cols;
        float[] Y = y.data, B = bias.data;
        for (int i = 0; i < m; i++) {
            int yi = i * n;
            for (int j = 0; j < n; j++) {
                Y[yi + j] += B[j];
            }
        }
    }

    /** out[c] = sum over rows of x[r, c]. x: (m, n) -> out: (1, n). Rows are summed in order. */
    public static void sumRows(Tensor x, Tensor out) {
        Kernels.active().sumRows(x.data, out.data, x.rows(), x.cols);
    }

    /** {@link #sumRows(Tensor, Tensor)} on arrays, in plain Java: out[j] = 0 + x[0, j] + x[1, j] + ... */
    static void sumRows(float[] x, float[] out, int m, int n) {
        java.util.Arrays.fill(out, 0, n, 0f);
        for (int i = 0; i < m; i++) {
            int xi = i * n;
            for (int j = 0; j < n; j++) {
                out[j] += x[xi + j];
            }
        }
    }

    /**
     * p[i, :] = softmax(z[i, :]) for every row of z (m, k), the row's maximum subtracted before
     * exp. Also writes, per row, the maximum (rowMax), the sum of exp(z - max) added in class
     * order (rowSum) and, unless argmax is null, the first class of largest probability. z and p
     * may be the same tensor; the arrays hold at least m values. Rows split over the shared pool
     * when many (a row's result does not depend on the split).
     */
    public static void softmax(Tensor z, Tensor p, float[] rowMax, float[] rowSum, int[] argmax) {
        softmax(Kernels.active(), z, p, rowMax, rowSum, argmax);
    }

    static void softmax(Kernels kernels, Tensor z, Tensor p, float[] rowMax, float[] rowSum, int[] argmax) {
        Softmax job = SOFTMAX.get();
        job.kernels = kernels;
        job.z = z.data;
        job.p = p.data;
        job.k = z.cols;
        job.rowMax = rowMax;
        job.rowSum = rowSum;
        job.argmax = argmax;
        job.split(z.rows(), 1, (long) z.rows() * z.cols * SOFTMAX_COST, GRAIN);
        job.z = job.p = job.rowMax = job.rowSum = null;
        job.argmax = null;
    }

    /**
     * d = (p - oneHot(labels)) * scale, row by row: the gradient of the summed cross-entropy of
     * softmax probabilities p (m, k) times scale (1 / m for the batch's mean). p and d may be the
     * same tensor. Rows split over the shared pool when many.
     */
    public static void crossEntropyGradient(Tensor p, int[] labels, float scale, Tensor d) {
        Gradient job = GRADIENT.get();
        job.p = p.data;
        job.d = d.data;
        job.labels = labels;
        job.k = p.cols;
        job.scale = scale;
        job.split(p.rows(), 1, (long) p.rows() * p.cols, GRAIN);
        job.p = job.d = null;
        job.labels = null;
    }

    /** Work (in element operations) below which a row-wise pass stays on the calling thread. */
    private static final long GRAIN = 1 << 15;
    /** A softmax element's work counted as this many element operations (exp, maximum, sum, scaling). */
    private static final int SOFTMAX_COST = 8;
    private static final ThreadLocal<Softmax> SOFTMAX = ThreadLocal.withInitial(Softmax::new);
    private static final ThreadLocal<Gradient> GRADIENT = ThreadLocal.withInitial(Gradient::new);

    /** {@link Kernels#softmax} over ranges of rows. */
    private static final class Softmax extends RangeJob {
        Kernels kernels;
        float[] z, p, rowMax, rowSum;
        int[] argmax;
        int k;

        @Override
        protected void range(int i0, int i1) {
            kernels.softmax(z, p, i0, i1, k, rowMax, rowSum, argmax);
        }
    }

    /** {@link #crossEntropyGradient} over ranges of rows. */
    private static final class Gradient extends RangeJob {
        float[] p, d;
        int[] labels;
        int k;
        float scale;

        @Override
        protected void range(int i0, int i1) {
            float[] P = p, D = d;
            float s = scale;
            for (int i = i0 * k; i < i1 * k; i++) {     // one flat loop, which the JIT vectorises
                D[i] = P[i] * s;
            }
            for (int i = i0; i < i1; i++) {
                D[i * k + labels[i]] -= s;
            }
        }
    }

    // the plain form of Kernels.softmax on rows [i0, i1): maxima, z - max, one exp pass of the kernels, sums and scaling
    static void softmaxRows(Kernels kernels, float[] z, float[] p, int i0, int i1, int k, float[] rowMax, float[] rowSum,
                            int[] argmax) {
        for (int i = i0; i < i1; i++) {
            int base = i * k;
            float max = z[base];
            for (int j = 1; j < k; j++) {
                max = z[base + j] > max ? z[base + j] : max;
            }
            rowMax[i] = max;
            for (int j = 0; j < k; j++) {
                p[base + j] = z[base + j] - max;
            }
        }
        kernels.exp(p, i0 * k, i1 * k);
        for (int i = i0; i < i1; i++) {
            int base = i * k;
            float sum = 0f;
            for (int j = 0; j < k; j++) {
                sum += p[base + j];
            }
            rowSum[i] = sum;
            float inv = 1f / sum;
            for (int j = 0; j < k; j++) {
                p[base + j] *= inv;
            }
            if (argmax != null) {
                argmax[i] = argmax(p, base, k);
            }
        }
    }

    /** y = max(0, x), element-wise; x and y may be the same tensor. */
    public static void relu(Tensor x, Tensor y) {
        Relu job = RELU.get();
        job.kernels = null;
        job.x = x.data;
        job.y = y.data;
        job.run(x.size());
    }

    /** dX = dY where y > 0, else 0 (the derivative of ReLU, read from its output). */
    public static void reluBackward(Tensor y, Tensor dY, Tensor dX) {
        reluBackward(Kernels.active(), y, dY, dX);
    }

    static void reluBackward(Kernels kernels, Tensor y, Tensor dY, Tensor dX) {
        Relu job = RELU.get();
        job.kernels = kernels;
        job.x = dY.data;
        job.y = y.data;
        job.dx = dX.data;
        job.run(y.size());
    }

    /**
     * Rows {@code order[from .. from+n)} (or {@code from ..} when order is null) of a row-major byte matrix of
     * {@code features} columns, as floats {@code (byte & 0xFF) * scale} into dst's rows 0..n-1, split by rows over
     * the shared pool: a shuffled mini-batch's rows come from all over a large data set, and two threads wait for
     * memory side by side.
     */
    public static void widenRows(byte[] pixels, int features, int[] order, int from, int n, float scale, float[] dst) {
        WidenRows job = WIDEN.get();
        job.pixels = pixels;
        job.features = features;
        job.order = order;
        job.from = from;
        job.scale = scale;
        job.dst = dst;
        job.split(n, 1, (long) n * features, WIDEN_GRAIN);
        job.pixels = null;
        job.order = null;
        job.dst = null;
    }

    /** Bytes below which {@link #widenRows} stays on the calling thread (a batch of 16 rows of 28 x 28 does). */
    private static final long WIDEN_GRAIN = 1 << 14;
    private static final ThreadLocal<WidenRows> WIDEN = ThreadLocal.withInitial(WidenRows::new);

    /**
     * One loop for both kernel kinds: a vector form (bytes converted B2I into ints) was about twice as fast, but in
     * some runs the JIT left its conversion boxed, allocating on every call (bench/results/LAB-LOG.md, 8 Dec 2026).
     */
    private static final class WidenRows extends RangeJob {
        byte[] pixels;
        int[] order;
        float[] dst;
        int features, from;
        float scale;

        @Override
        protected void range(int r0, int r1) {
            for (int r = r0; r < r1; r++) {
                int src = (order == null ? from + r : order[from + r]) * features, at = r * features;
                for (int j = 0; j < features; j++) {
                    dst[at + j] = (pixels[src + j] & 0xFF) * scale;
                }
            }
        }
    }

    /** Floats below which ReLU stays on the calling thread (a layer of 9,000 x 10 does; a convnet's maps do not). */
    private static final long RELU_GRAIN = 1 << 17;
    private static final ThreadLocal<Relu> RELU = ThreadLocal.withInitial(Relu::new);

    /**
     * ReLU forward (kernels null: y = max(0, x)) or backward (dx = x where y > 0, x being dY) over
     * blocks of elements, split over the shared pool: large maps are read at the bandwidth of both
     * cores (the Keras convnet's first ReLU, 64 x 32x26x26 floats, took 0.5 ms forward and 0.8 ms
     * backward on one).
     */
    private static final class Relu extends RangeJob {
        private static final int BLOCK = 1024;
        Kernels kernels;
        float[] x, y, dx;
        int size;

        void run(int size) {
            this.size = size;
            split((size + BLOCK - 1) / BLOCK, 1, size, RELU_GRAIN);
        }

        @Override
        protected void range(int b0, int b1) {
            int from = b0 * BLOCK, to = Math.min(size, b1 * BLOCK);
            if (kernels != null) {
                kernels.reluBackward(y, x, dx, from, to);
                return;
            }
            float[] X = x, Y = y;
            for (int i = from; i < to; i++) {
                Y[i] = Math.max(0f, X[i]);
            }
        }
    }

    /**
     * Below this a step's first moment (Adam's m, momentum's velocity) is set to 0. A unit that stops learning
     * (a dead ReLU) has its m decay by beta1 each step towards 0; long before m itself is subnormal, the step
     * lr (m / c1) is: at lr 0.001 for every m under 1.2e-35, some 65 steps of every such weight, and x86
     * processors compute subnormal results about a hundred times slower (Java cannot set the flush-to-zero
     * mode). Measured on the dense-image Adam workload: steps 600-900 of the first epoch took 3-6 times
     * longer. From 1e-28 down, m moves w by less than lr x 1e-20 / c1 even with v = 0 (the step is divided by
     * at least eps = 1e-8), below a float's resolution of any weight not itself that small; and lr (m / c1)
     * stays normal for every lr of at least 1.2e-10.
     */
    public static final float MOMENT_FLOOR = 1e-28f;

    /**
     * One Adam step on values [from, to), in place (the optimizer splits a parameter over the threads):
     * g = dw + decay w; m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
     * w -= lr (m / c1) / (sqrt(v / c2) + eps), with c1, c2 the bias corrections.
     * m is set to 0 below {@link #MOMENT_FLOOR} and v below the smallest normal float, so that neither
     * the moments nor the step become subnormal floats.
     */
    public static void adam(float[] m, float[] v, float[] w, float[] dw, int from, int to, float lr, float decay,
                            float beta1, float beta2, float c1, float c2, float eps) {
        Kernels.active().adam(m, v, w, dw, from, to, lr, decay, beta1, beta2, c1, c2, eps);
    }

    /**
     * A one-dimensional filter along any stride: y[yOff + i] = sum over k of taps[k] * x[xOff + i + k * stride]
     * for i in [0, n), each sum from 0 over k in order, a product then a sum per tap (no fused multiply-add:
     * both kernel kinds give the same bits). With stride 1 it filters along a row; with the row length it
     * filters down the columns of every row at once. y must not overlap the x values read.
     */
    public static void tapSum(float[] y, int yOff, float[] x, int xOff, int stride, float[] taps, int n) {
        Kernels.active().tapSum(y, yOff, x, xOff, stride, taps, n);
    }

    /** x = exp(x), element-wise over the rows in use (vectorised by the active kernels). */
    public static void expInPlace(Tensor x) {
        expInPlace(Kernels.active(), x);
    }

    static void expInPlace(Kernels kernels, Tensor x) {
        kernels.exp(x.data, 0, x.size());
    }

    /**
     * dst[c, r] = src[r, c]: src (m, n) -> dst (n, w) with w >= m; columns m..w-1 of dst are left
     * as they are (zero in a fresh tensor), so dst can be a padded W^T for {@link MatMul#sparseMultiply}.
     */
    public static void transpose(Tensor src, Tensor dst) {
        int m = src.rows(), n = src.cols, w = dst.cols;
        if (dst.rows() != n || w < m) {
            throw new IllegalArgumentException("transpose: " + src + " does not fit " + dst);
        }
        float[] S = src.data, D = dst.data;
        // four source rows at a time: each destination row gets 4 neighbouring floats per visit
        // (measured 1.6x faster than 16 x 16 blocks on a 128 x 784 weight)
        int r = 0;
        for (; r + 4 <= m; r += 4) {
            int s0 = r * n, s1 = s0 + n, s2 = s1 + n, s3 = s2 + n;
            for (int c = 0; c < n; c++) {
                int d = c * w + r;
                D[d] = S[s0 + c];
                D[d + 1] = S[s1 + c];
                D[d + 2] = S[s2 + c];
                D[d + 3] = S[s3 + c];
            }
        }
        for (; r < m; r++) {
            int s = r * n;
            for (int c = 0; c < n; c++) {
                D[c * w + r] = S[s + c];
            }
        }
    }

    /** Index of the largest value in row {@code r} (the first one on ties). */
    public static int argmaxRow(Tensor x, int r) {
        return argmax(x.data, r * x.cols, x.cols);
    }

    /** Index in [0, n) of the largest of x[from .. from+n) (the first one on ties). */
    static int argmax(float[] x, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[from + j] > x[from + best]) {
                best = j;
            }
        }
        return best;
    }
}
