package digitnet.tensor;

/**
 * The matrix products that backpropagation needs, each writing into an output the caller owns.
 * Names say which operand is transposed; all tensors are row-major.
 *
 * <p>The work is done by the {@link Kernels} chosen at start-up (vectorised, or plain Java with
 * {@code -Ddigitnet.kernels=scalar}) and split over the {@link Parallel#shared() shared pool} by
 * rows of the output, never inside a sum ({@link RangeJob}): the result is the same bit for bit
 * whatever the number of threads. Nothing is allocated per call (each calling thread keeps one
 * job per kernel). The package-private forms that take the {@code Kernels} let tests run both kinds.
 */
public final class MatMul {
    /** Multiply-adds below which splitting a product over threads costs more than it saves. */
    private static final long GRAIN = 1 << 18;
    private static final ThreadLocal<Gemm> GEMM = ThreadLocal.withInitial(Gemm::new);
    private static final ThreadLocal<GemmTransB> GEMM_TRANS_B = ThreadLocal.withInitial(GemmTransB::new);
    private static final ThreadLocal<Gather> GATHER = ThreadLocal.withInitial(Gather::new);
    /** C^T of multiplyTransA for a narrow C, kept per calling thread between calls. */
    private static final ThreadLocal<Tensor[]> NARROW = ThreadLocal.withInitial(() -> new Tensor[1]);

    private MatMul() {}

    /** The name of the active kernels ("vector512", "scalar"). */
    public static String kernels() {
        return Kernels.active().name();
    }

    /** C = A B. A: (m, k), B: (k, n) -> C: (m, n). */
    public static void multiply(Tensor a, Tensor b, Tensor c) {
        multiplyAddBias(Kernels.active(), a, b, null, c);
    }

    /** C = A B + bias (bias added to every row; null for none). A: (m, k), B: (k, n), bias: (1, n) -> C: (m, n). */
    public static void multiplyAddBias(Tensor a, Tensor b, Tensor bias, Tensor c) {
        multiplyAddBias(Kernels.active(), a, b, bias, c);
    }

    static void multiplyAddBias(Kernels kernels, Tensor a, Tensor b, Tensor bias, Tensor c) {
        int m = a.rows(), k = a.cols, n = b.cols;
        check(b.rows() == k && c.rows() == m && c.cols == n && (bias == null || bias.cols == n),
                "multiply", a, b, c);
        GEMM.get().run(kernels, a.data, k, 1, b.data, bias == null ? null : bias.data, c.data, m, k, n);
    }

    /**
     * C = A^T B. A: (k, m), B: (k, n) -> C: (m, n). A C narrower than one vector and taller than
     * wide (the weight gradient x^T dY of a layer with few outputs) is computed as C^T = B^T A,
     * whose rows are long, into a buffer of the calling thread, then transposed (m x n floats,
     * against k x m x n multiply-adds): the products then stream A's rows once rather than
     * walking its columns.
     */
    public static void multiplyTransA(Tensor a, Tensor b, Tensor c) {
        multiplyTransA(Kernels.active(), a, b, c);
    }

    static void multiplyTransA(Kernels kernels, Tensor a, Tensor b, Tensor c) {
        int k = a.rows(), m = a.cols, n = b.cols;
        check(b.rows() == k && c.rows() == m && c.cols == n, "multiplyTransA", a, b, c);
        if (k == 0) {
            c.fill(0f);
            return;
        }
        if (n < kernels.lanes() && m > n) {
            Tensor[] narrow = NARROW.get();
            Tensor cT = narrow[0] = Tensor.ensure(narrow[0], n, m);
            GEMM.get().run(kernels, b.data, 1, n, a.data, null, cT.data, n, k, m);
            Ops.transpose(cT, c);
            return;
        }
        GEMM.get().run(kernels, a.data, 1, m, b.data, null, c.data, m, k, n);
    }

    /** C = A B^T. A: (m, k), B: (n, k) -> C: (m, n). */
    public static void multiplyTransB(Tensor a, Tensor b, Tensor c) {
        multiplyTransB(Kernels.active(), a, b, c);
    }

    static void multiplyTransB(Kernels kernels, Tensor a, Tensor b, Tensor c) {
        int m = a.rows(), k = a.cols, n = b.rows();
        check(b.cols == k && c.rows() == m && c.cols == n, "multiplyTransB", a, b, c);
        GEMM_TRANS_B.get().run(kernels, a.data, b.data, c.data, m, k, n);
    }

    /**
     * C = X B + bias, reading X as bytes and skipping its zeros: each non-zero x[r, j] adds
     * x[r, j] times row j of B to row r of C. X: (m, k) sparse, b: (k, n), bias: (1, n) or null -> C: (m, n).
     * The kernels load whole vectors at the end of B's rows: b must be a tensor allocated by
     * {@link Tensor} (or otherwise have a vector of spare floats after its last row).
     */
    public static void sparseMultiply(SparseRows x, Tensor b, Tensor bias, Tensor c) {
        sparseMultiply(Kernels.active(), x, b, bias, c);
    }

    static void sparseMultiply(Kernels kernels, SparseRows x, Tensor b, Tensor bias, Tensor c) {
        int m = x.rows(), k = x.features(), n = c.cols;
        if (b.rows() != k || b.cols != n || c.rows() != m || (bias != null && bias.cols != n)) {
            throw new IllegalArgumentException("sparseMultiply: shapes " + x + ", " + b + " -> " + c + " do not fit");
        }
        requireSlack(kernels, "sparseMultiply", b);
        GATHER.get().run(kernels, x.rowStart, x.columnOf, x.rowValues, b.data, n, bias == null ? null : bias.data,
                c.data, n, m);
    }

    /**
     * C = X^T D, reading X by columns (built with {@code byColumn}): row j of C sums x[r, j]
     * times row r of D. X: (m, k) sparse, d: (m, n) with spare floats as for {@link #sparseMultiply} -> C: (k, n).
     */
    public static void sparseMultiplyTransA(SparseRows x, Tensor d, Tensor c) {
        sparseMultiplyTransA(Kernels.active(), x, d, c);
    }

    static void sparseMultiplyTransA(Kernels kernels, SparseRows x, Tensor d, Tensor c) {
        int m = x.rows(), k = x.features(), n = c.cols;
        if (!x.byColumn() || d.rows() != m || d.cols != n || c.rows() != k) {
            throw new IllegalArgumentException("sparseMultiplyTransA: shapes " + x + ", " + d + " -> " + c
                    + " do not fit" + (x.byColumn() ? "" : " (rows built without byColumn)"));
        }
        requireSlack(kernels, "sparseMultiplyTransA", d);
        GATHER.get().run(kernels, x.columnStart, x.rowOf, x.columnValues, d.data, n, null, c.data, n, k);
    }

    private static void requireSlack(Kernels kernels, String op, Tensor t) {
        if (!t.readableBy(kernels.lanes())) {
            throw new IllegalArgumentException(op + ": " + t + " has no spare floats after its last row for whole-vector loads");
        }
    }

    private static void check(boolean ok, String op, Tensor a, Tensor b, Tensor c) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes " + a + ", " + b + " -> " + c + " do not fit");
        }
    }

    /** {@link Kernels#gemm}: C (m, n) = A B + bias, A(i, p) = a[i * aRow + p * aCol]; split by rows at multiples of 4 (the register tile). */
    private static final class Gemm extends RangeJob {
        private Kernels kernels;
        private float[] a, b, bias, c;
        private int aRow, aCol, k, n;

        void run(Kernels kernels, float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int m, int k, int n) {
            this.kernels = kernels;
            this.a = a;
            this.aRow = aRow;
            this.aCol = aCol;
            this.b = b;
            this.bias = bias;
            this.c = c;
            this.k = k;
            this.n = n;
            split(m, 4, (long) m * k * n, GRAIN);
        }

        @Override
        protected void range(int i0, int i1) {
            kernels.gemm(a, aRow, aCol, b, bias, c, k, n, i0, i1);
        }
    }

    /** {@link Kernels#gemmTransB}: C (m, n) = A (m, k) B^T, B (n, k); split by rows at multiples of 4. */
    private static final class GemmTransB extends RangeJob {
        private Kernels kernels;
        private float[] a, b, c;
        private int k, n;

        void run(Kernels kernels, float[] a, float[] b, float[] c, int m, int k, int n) {
            this.kernels = kernels;
            this.a = a;
            this.b = b;
            this.c = c;
            this.k = k;
            this.n = n;
            split(m, 4, (long) m * k * n, GRAIN);
        }

        @Override
        protected void range(int i0, int i1) {
            kernels.gemmTransB(a, b, c, k, n, i0, i1);
        }
    }

    /** {@link Kernels#gather} over output rows, split so that each part has about the same number of entries. */
    private static final class Gather extends RangeJob {
        private Kernels kernels;
        private int[] start, index;
        private float[] values, src, bias, out;
        private int stride, n;

        void run(Kernels kernels, int[] start, int[] index, float[] values, float[] src, int stride,
                 float[] bias, float[] out, int n, int rows) {
            this.kernels = kernels;
            this.start = start;
            this.index = index;
            this.values = values;
            this.src = src;
            this.stride = stride;
            this.bias = bias;
            this.out = out;
            this.n = n;
            split(rows, 1, (long) start[rows] * stride + rows, GRAIN);
        }

        @Override
        protected void range(int t0, int t1) {
            kernels.gather(start, index, values, src, stride, bias, out, n, t0, t1);
        }

        @Override
        protected int boundary(int part, int parts) {
            int m = units();
            if (part == parts) {
                return m;
            }
            long target = (long) start[m] * part / parts;
            int lo = 0, hi = m;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (start[mid] < target) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
