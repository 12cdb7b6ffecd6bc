package digitnet.tensor;

/**
 * The vector/scalar switch: every inner loop that has a Vector API form, behind {@link MatMul},
 * {@link Im2ColConv} and {@link Ops}, in two implementations: vectorised ({@link VectorKernels},
 * with {@link RegisterTile}, {@link NarrowGather}, {@link VectorElementwise}, {@link VectorMaxPool}) and plain Java
 * ({@link ScalarKernels}). No other class uses the Vector API but {@link FmaPeak}, the bench's measure of the machine. The rearrangements
 * ({@link Im2Row}, {@link Im2Col}), pooling ({@link PoolOps}, but for 2 x 2 max pooling) and batch
 * normalisation are memory-bound loops with one plain-Java form under both kinds. Each method
 * computes a range of output rows, so that a {@link RangeJob} can split the rows over threads;
 * every output element is computed by one call, in an order that does not depend on the range,
 * which makes results independent of the thread count.
 *
 * <p>Chosen once, at the first kernel call: what {@link KernelChoice#use} asked for, else the system
 * property {@code digitnet.kernels} ({@code vector} or {@code scalar}), else the vectorised kernels
 * when the {@code jdk.incubator.vector} module is present, else the scalar ones.
 */
interface Kernels {
    String PROPERTY = "digitnet.kernels";

    String name();

    /**
     * C[i, j] = bias[j] + sum_p A(i, p) B[p, j] for rows i in [i0, i1), where
     * A(i, p) = a[i * aRow + p * aCol] and B is row-major (k, n); bias may be null (zeros).
     */
    void gemm(float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int k, int n, int i0, int i1);

    /** How the accumulators of {@link #gemmBlock} start: 0, bias[j] (per column), bias[i] (per row), or C itself. */
    enum Start { ZERO, COLUMN_BIAS, ROW_BIAS, ACCUMULATE }

    /**
     * C[cOff + i*ldc + j] = start + sum over p < k of A[aOff + i*aRow + p*aCol] * B[bOff + p*ldb + j],
     * for rows i in [i0, i1) and j in [0, width), width a multiple of {@link #lanes()}: a product on
     * blocks of larger arrays (a sample of a batch), read and written in place.
     */
    void gemmBlock(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb,
                   float[] c, int cOff, int ldc, float[] bias, Start start, int k, int width, int i0, int i1);

    /**
     * Rows q in [q0, q1) of C (row q at {@code c[q * ldc ..]}, n columns, n a multiple of {@link #lanes()}) = (or,
     * when accumulate, +=) the sum over a stride-1 unpadded convolution's output pixels p = oh * outWidth + ow, in
     * order, of A(q, p) B(p, :), with
     * A(q, p) = x[x0 + rowAt[q] + oh * width + ow] (row q of the im2col cols, read in place from the input) and
     * B(p, :) at {@code b[b0 + p * ldb ..]}: {@link #gemmBlock} on the cols, without making them.
     */
    void gemmInputRows(float[] x, int x0, int[] rowAt, int width, int outHeight, int outWidth, float[] b, int b0,
                       int ldb, float[] c, int ldc, boolean accumulate, int n, int q0, int q1);

    /**
     * A stride-1 unpadded convolution's forward product with its im2col columns read in place from the input:
     * C[i * ldc + u] = bias[i] + sum over p < k, in order, of A(i, p) x[x0 + rowAt[p] + u], for the m rows of A as
     * {@link #packRows} wrote them and u in [0, width), width a multiple of {@link #lanes()}. u is a pixel at the
     * input's row pitch (oh * W + ow); the columns with ow past the output's width, and past its last row, read
     * whatever follows and are to be dropped, so x needs {@code lanes + K - 2} readable floats after its last
     * sample. Every element of C is the chain of fused multiply-adds {@link #gemmPacked} gives on the cols.
     */
    void gemmPackedInputRows(float[] packed, int m, float[] x, int x0, int[] rowAt, float[] bias, float[] c, int ldc,
                             int k, int width);

    /**
     * A stride-1 unpadded convolution's input gradient with col2im done as the product is made: for the m rows of A
     * as {@link #packRows} wrote them, dX[x0 + rowAt[i] + u] += the sum over p < k, in order from 0, of A(i, p)
     * b[p * ldb + u], for u in [0, width), width a multiple of {@link #lanes()}. u is a pixel at the input's row
     * pitch (oh * W + ow), so that row i lands at its channel c shifted by its tap's kh rows and kw columns. Each
     * sum is the chain of fused multiply-adds {@link #gemmPacked} gives from {@link Start#ZERO}, added by one
     * rounding. The scalar kind adds row after row; the vector kind 8 rows at a time by blocks of columns, which is
     * the same order where no two of a block's 8 rows land on the same floats (rows by tap, then channel, with at
     * least 8 channels). The columns past the output's width and last row must have b = 0, as they are added too:
     * dX needs {@code width} floats after {@code x0 + rowAt[i]} for every row i.
     */
    void gemmPackedAddInputRows(float[] packed, int m, float[] b, int ldb, float[] dX, int x0, int[] rowAt, int k,
                                int width);

    /** Floats {@link #packRows} writes for m rows of k. */
    int packedRowsSize(int m, int k);

    /**
     * Rows [0, m) of A, A(i, p) = a[aOff + i*aRow + p*aCol] for p < k, into {@code packed} in the layout
     * {@link #gemmPacked} reads: an operand used by many products (a convolution's weights, once per batch)
     * is laid out for them once.
     */
    void packRows(float[] a, int aOff, int aRow, int aCol, int m, int k, float[] packed);

    /**
     * {@link #gemmBlock} with A given as {@link #packRows} wrote its m rows; i0 is 0, or a multiple of 8.
     * Every element of C is the same chain of fused multiply-adds as gemmBlock's.
     */
    void gemmPacked(float[] packed, int m, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias,
                    Start start, int k, int width, int i0, int i1);

    /**
     * Lane-wise partial dot products, L = {@link #lanes()}: for rows o in [o0, o1) of D and every
     * row q < rows of E, part[((o - o0) * rows + q) * L + lane] (starting from 0, or from itself
     * when accumulate) += the products D[dOff + o*k + p] * E[eOff + q*k + p] of the p with
     * p % L = lane, in order of p; and biasPart[(o - o0) * L + lane] likewise sums D's row.
     * k a multiple of L. The caller adds the lanes in order.
     */
    void laneDots(float[] d, int dOff, float[] e, int eOff, float[] part, float[] biasPart, boolean accumulate,
                  int k, int rows, int o0, int o1);

    /** C[i, j] = sum_p A[i, p] B[j, p] for rows i in [i0, i1): A (m, k), B (n, k), row-major. */
    void gemmTransB(float[] a, float[] b, float[] c, int k, int n, int i0, int i1);

    /**
     * For t in [t0, t1): out[t * n + j] = bias[j] + sum over e in [start[t], start[t+1]) of
     * values[e] * src[index[e] * stride + j], for j < n. {@code stride} is at least n, and src
     * has at least {@link #lanes()} floats past the start of its last row that index names (a
     * whole vector may be loaded there); bias may be null.
     */
    void gather(int[] start, int[] index, float[] values, float[] src, int stride,
                float[] bias, float[] out, int n, int t0, int t1);

    /**
     * 2 x 2 max pooling of one sample: for o in [0, out), the window whose top-left entry is
     * x[x0 + corner[o]] (its second row w floats further; ow windows to a row, in row-major order): y[y0 + o] = the window's first entry, in
     * the order (0,0), (0,1), (1,0), (1,1), that equals its maximum, or its first NaN; argmax[y0 + o] =
     * that entry's index into x.
     */
    void maxPool2(float[] x, int x0, int[] corner, int w, int ow, float[] y, int[] argmax, int y0, int out);

    /**
     * One sample's patches as columns ({@link Im2Col#im2col}): C*K*K rows of pad floats from
     * cols[at], the output pixels then zeros; may write up to a vector past the last row's pixels.
     */
    void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at);

    /** dx[i] = dy[i] where y[i] > 0, else 0, for i in [from, to): the derivative of ReLU, read from its output. */
    void reluBackward(float[] y, float[] dy, float[] dx, int from, int to);

    /**
     * One Adam step on values [from, to) ({@link Ops#adam}): g = dw + decay w; m = beta1 m + (1 - beta1) g;
     * v = beta2 v + ((1 - beta2) g) g, each flushed to 0 below the smallest normal float; w -= lr
     * (m / c1) / (sqrt(v / c2) + eps). Element by element, no fused multiply-add: both kinds give the same bits.
     */
    void adam(float[] m, float[] v, float[] w, float[] dw, int from, int to, float lr, float decay, float beta1, float beta2,
              float c1, float c2, float eps);

    /** {@link Ops#tapSum}: y[yOff + i] = sum over k in order of taps[k] * x[xOff + i + k * stride], no fused multiply-add. */
    void tapSum(float[] y, int yOff, float[] x, int xOff, int stride, float[] taps, int n);

    /**
     * y[yAt + j] += the sum over i in [i0, i1), in order, of a[i] * x[at[i] + shift + j], for j < n: each term a product then a
     * sum onto the running value (no fused multiply-add), so both kinds give the same bits.
     */
    void axpyMany(float[] a, int[] at, int i0, int i1, float[] x, int shift, float[] y, int yAt, int n);

    /** x[i] = exp(x[i]) for i in [from, to). */
    void exp(float[] x, int from, int to);

    /**
     * {@link Ops#softmax} on arrays: rows [i0, i1) of z (rows of k) into the same rows of p, and
     * their entries of rowMax, rowSum and argmax, on the calling thread; nothing else of p is written.
     */
    void softmax(float[] z, float[] p, int i0, int i1, int k, float[] rowMax, float[] rowSum, int[] argmax);

    /** out[j] = the sum over rows i in order of x[i * n + j], for j < n: the bias gradient. */
    void sumRows(float[] x, float[] out, int m, int n);

    /** Floats per vector register (1 for the scalar kernels); padded strides are multiples of it. */
    int lanes();

    /**
     * Whether a convolution with {@code outChannels} outputs runs as per-sample im2col products
     * ({@link Im2ColConv}) rather than im2row and {@link MatMul}: with the vector kernels, when the
     * output channels are whole vectors; the scalar kernels keep im2row.
     */
    boolean prefersIm2Col(int outChannels);

    /** The kernels selected at the first call (see the class comment). */
    static Kernels active() {
        return Holder.ACTIVE;
    }

    /** Looks up a kernel set by name: "vector" or "scalar". */
    static Kernels named(String name) {
        return switch (name) {
            case "scalar" -> new ScalarKernels();
            case "vector" -> {
                if (!Holder.vectorModulePresent()) {
                    throw new IllegalStateException(PROPERTY + "=vector needs the jdk.incubator.vector module"
                            + " (java --add-modules jdk.incubator.vector)");
                }
                yield new VectorKernels();
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be vector or scalar, got '" + name + "'");
        };
    }

    final class Holder {
        static final Kernels ACTIVE = select();

        private Holder() {}

        private static Kernels select() {
            String wanted = KernelChoice.take();
            if (wanted == null) {
                wanted = System.getProperty(PROPERTY);
            }
            if (wanted != null) {
                return named(wanted);
            }
            return vectorModulePresent() ? new VectorKernels() : new ScalarKernels();
        }

        /** Checked without touching a Vector API class, which would fail to load without the module. */
        static boolean vectorModulePresent() {
            return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        }
    }
}
