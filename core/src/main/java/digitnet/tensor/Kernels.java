package digitnet.tensor;

/**
 * The inner loops behind {@link MatMul} and {@link SparseRows}: one implementation vectorised
 * with the Vector API ({@link VectorKernels}), one in plain Java ({@link ScalarKernels}). Each
 * method computes a range of output rows, so that {@link Parallel} can split the rows over
 * threads; every output element is computed by one call, in an order that does not depend on the
 * range, which makes results independent of the thread count.
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

    /** dx[i] = dy[i] where y[i] > 0, else 0, for i in [0, size): the derivative of ReLU, read from its output. */
    void reluBackward(float[] y, float[] dy, float[] dx, int size);

    /** x[i] = exp(x[i]) for i in [from, to). */
    void exp(float[] x, int from, int to);

    /** Floats per vector register (1 for the scalar kernels); padded strides are multiples of it. */
    int lanes();

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
