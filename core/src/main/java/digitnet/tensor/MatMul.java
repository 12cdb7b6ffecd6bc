package digitnet.tensor;

/**
 * The matrix products that backpropagation needs, each writing into an output the caller owns.
 * Names say which operand is transposed; all tensors are row-major.
 *
 * <p>The work is done by the {@link Kernels} chosen at start-up (vectorised, or plain Java with
 * {@code -Ddigitnet.kernels=scalar}) and split over the {@link Parallel#shared() shared pool} by
 * rows of the output, never inside a sum: the result is the same bit for bit whatever the number
 * of threads. Nothing is allocated per call (each calling thread keeps one reusable job).
 */
public final class MatMul {
    /** Multiply-adds below which splitting a product over threads costs more than it saves. */
    private static final long GRAIN = 1 << 18;
    /** Parts per thread: small enough that a thread the machine runs can take over one it does not. */
    private static final int PARTS_PER_THREAD = 4;
    private static final ThreadLocal<Op> OPS = ThreadLocal.withInitial(Op::new);

    private MatMul() {}

    /** The name of the active kernels ("vector512", "scalar"). */
    public static String kernels() {
        return Kernels.active().name();
    }

    /** C = A B. A: (m, k), B: (k, n) -> C: (m, n). */
    public static void multiply(Tensor a, Tensor b, Tensor c) {
        multiplyAddBias(a, b, null, c);
    }

    /** C = A B + bias (bias added to every row; null for none). A: (m, k), B: (k, n), bias: (1, n) -> C: (m, n). */
    public static void multiplyAddBias(Tensor a, Tensor b, Tensor bias, Tensor c) {
        int m = a.rows(), k = a.cols, n = b.cols;
        check(b.rows() == k && c.rows() == m && c.cols == n && (bias == null || bias.cols == n),
                "multiply", a, b, c);
        OPS.get().gemm(a.data, k, 1, b.data, bias == null ? null : bias.data, c.data, m, k, n);
    }

    /**
     * C = A^T B. A: (k, m), B: (k, n) -> C: (m, n). A C narrower than one vector and taller than
     * wide (the weight gradient x^T dY of a layer with few outputs) is computed as C^T = B^T A,
     * whose rows are long, into a buffer of the calling thread, then transposed (m x n floats,
     * against k x m x n multiply-adds): the products then stream A's rows once rather than
     * walking its columns.
     */
    public static void multiplyTransA(Tensor a, Tensor b, Tensor c) {
        int k = a.rows(), m = a.cols, n = b.cols;
        check(b.rows() == k && c.rows() == m && c.cols == n, "multiplyTransA", a, b, c);
        if (k == 0) {
            c.fill(0f);
            return;
        }
        Op op = OPS.get();
        if (n < Kernels.active().lanes() && m > n) {
            Tensor cT = op.narrow = Tensor.ensure(op.narrow, n, m);
            op.gemm(b.data, 1, n, a.data, null, cT.data, n, k, m);
            Ops.transpose(cT, c);
            return;
        }
        op.gemm(a.data, 1, m, b.data, null, c.data, m, k, n);
    }

    /** C = A B^T. A: (m, k), B: (n, k) -> C: (m, n). */
    public static void multiplyTransB(Tensor a, Tensor b, Tensor c) {
        int m = a.rows(), k = a.cols, n = b.rows();
        check(b.cols == k && c.rows() == m && c.cols == n, "multiplyTransB", a, b, c);
        OPS.get().gemmTransB(a.data, b.data, c.data, m, k, n);
    }

    /**
     * C = X B + bias, reading X as bytes and skipping its zeros: each non-zero x[r, j] adds
     * x[r, j] times row j of B to row r of C. X: (m, k) sparse, b: (k, n), bias: (1, n) or null -> C: (m, n).
     * The kernels load whole vectors at the end of B's rows: b must be a tensor allocated by
     * {@link Tensor} (or otherwise have a vector of spare floats after its last row).
     */
    public static void sparseMultiply(SparseRows x, Tensor b, Tensor bias, Tensor c) {
        int m = x.rows(), k = x.features(), n = c.cols;
        if (b.rows() != k || b.cols != n || c.rows() != m || (bias != null && bias.cols != n)) {
            throw new IllegalArgumentException("sparseMultiply: shapes " + x + ", " + b + " -> " + c + " do not fit");
        }
        requireSlack("sparseMultiply", b);
        OPS.get().gather(x.rowStart, x.columnOf, x.rowValues, b.data, n, bias == null ? null : bias.data, c.data, n, m);
    }

    /**
     * C = X^T D, reading X by columns (built with {@code byColumn}): row j of C sums x[r, j]
     * times row r of D. X: (m, k) sparse, d: (m, n) with spare floats as for {@link #sparseMultiply} -> C: (k, n).
     */
    public static void sparseMultiplyTransA(SparseRows x, Tensor d, Tensor c) {
        int m = x.rows(), k = x.features(), n = c.cols;
        if (!x.byColumn() || d.rows() != m || d.cols != n || c.rows() != k) {
            throw new IllegalArgumentException("sparseMultiplyTransA: shapes " + x + ", " + d + " -> " + c
                    + " do not fit" + (x.byColumn() ? "" : " (rows built without byColumn)"));
        }
        requireSlack("sparseMultiplyTransA", d);
        OPS.get().gather(x.columnStart, x.rowOf, x.columnValues, d.data, n, null, c.data, n, k);
    }

    private static void requireSlack(String op, Tensor t) {
        if (!t.readableBy(Kernels.active().lanes())) {
            throw new IllegalArgumentException(op + ": " + t + " has no spare floats after its last row for whole-vector loads");
        }
    }

    private static void check(boolean ok, String op, Tensor a, Tensor b, Tensor c) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes " + a + ", " + b + " -> " + c + " do not fit");
        }
    }

    /** One product's arguments, refilled by each call of the thread that owns it. */
    private static final class Op implements Parallel.Job {
        private static final int GEMM = 0, TRANS_B = 1, GATHER = 2;
        private final Kernels kernels = Kernels.active();
        private int kind, aRow, aCol, m, k, n, stride;
        private float[] a, b, bias, c;
        private int[] start, index;
        private float[] values;
        private Tensor narrow;      // C^T of multiplyTransA for a narrow C, kept between calls

        void gemm(float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int m, int k, int n) {
            this.kind = GEMM;
            this.a = a;
            this.aRow = aRow;
            this.aCol = aCol;
            this.b = b;
            this.bias = bias;
            this.c = c;
            launch(m, k, n, (long) m * k * n);
        }

        void gemmTransB(float[] a, float[] b, float[] c, int m, int k, int n) {
            this.kind = TRANS_B;
            this.a = a;
            this.b = b;
            this.c = c;
            launch(m, k, n, (long) m * k * n);
        }

        void gather(int[] start, int[] index, float[] values, float[] src, int stride,
                    float[] bias, float[] out, int n, int rows) {
            this.kind = GATHER;
            this.start = start;
            this.index = index;
            this.values = values;
            this.b = src;
            this.stride = stride;
            this.bias = bias;
            this.c = out;
            launch(rows, 0, n, (long) start[rows] * stride + rows);
        }

        private void launch(int m, int k, int n, long work) {
            this.m = m;
            this.k = k;
            this.n = n;
            Parallel pool = Parallel.shared();
            int parts = (int) Math.min(PARTS_PER_THREAD * pool.threads(), Math.max(1, work / GRAIN));
            try {
                pool.run(this, parts);
            } finally {
                a = b = bias = c = null;
                start = index = null;
                values = null;
            }
        }

        @Override
        public void run(int part, int parts) {
            if (kind == GATHER) {
                int t0 = balanced(part, parts), t1 = balanced(part + 1, parts);
                kernels.gather(start, index, values, b, stride, bias, c, n, t0, t1);
                return;
            }
            int i0 = rowSplit(part, parts), i1 = rowSplit(part + 1, parts);
            if (kind == GEMM) {
                kernels.gemm(a, aRow, aCol, b, bias, c, k, n, i0, i1);
            } else {
                kernels.gemmTransB(a, b, c, k, n, i0, i1);
            }
        }

        // rows split evenly, at multiples of 4 (the register tile) except the end
        private int rowSplit(int part, int parts) {
            return part == parts ? m : (int) ((long) m * part / parts) & ~3;
        }

        // rows split so that each part has about the same number of entries
        private int balanced(int part, int parts) {
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
