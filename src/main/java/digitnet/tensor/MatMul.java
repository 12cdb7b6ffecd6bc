package digitnet.tensor;

/**
 * The three matrix products that backpropagation needs, each writing into an output the caller
 * owns. Names say which operand is transposed; all tensors are row-major.
 *
 * <p>The loops are ordered so that the innermost one walks contiguous memory. A later, faster
 * implementation can replace the bodies without touching the layers.
 */
public final class MatMul {
    private MatMul() {}

    /** C = A B. A: (m, k), B: (k, n) -> C: (m, n). */
    public static void multiply(Tensor a, Tensor b, Tensor c) {
        int m = a.rows(), k = a.cols, n = b.cols;
        check(b.rows() == k && c.rows() == m && c.cols == n, "multiply", a, b, c);
        float[] A = a.data, B = b.data, C = c.data;
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            java.util.Arrays.fill(C, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float aip = A[i * k + p];
                if (aip == 0f) {
                    continue;
                }
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    C[ci + j] += aip * B[bp + j];
                }
            }
        }
    }

    /** C = A^T B. A: (k, m), B: (k, n) -> C: (m, n). */
    public static void multiplyTransA(Tensor a, Tensor b, Tensor c) {
        int k = a.rows(), m = a.cols, n = b.cols;
        check(b.rows() == k && c.rows() == m && c.cols == n, "multiplyTransA", a, b, c);
        float[] A = a.data, B = b.data, C = c.data;
        java.util.Arrays.fill(C, 0, m * n, 0f);
        for (int p = 0; p < k; p++) {
            int ap = p * m, bp = p * n;
            for (int i = 0; i < m; i++) {
                float api = A[ap + i];
                if (api == 0f) {
                    continue;
                }
                int ci = i * n;
                for (int j = 0; j < n; j++) {
                    C[ci + j] += api * B[bp + j];
                }
            }
        }
    }

    /** C = A B^T. A: (m, k), B: (n, k) -> C: (m, n). */
    public static void multiplyTransB(Tensor a, Tensor b, Tensor c) {
        int m = a.rows(), k = a.cols, n = b.rows();
        check(b.cols == k && c.rows() == m && c.cols == n, "multiplyTransB", a, b, c);
        float[] A = a.data, B = b.data, C = c.data;
        for (int i = 0; i < m; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += A[ai + p] * B[bj + p];
                }
                C[i * n + j] = s;
            }
        }
    }

    private static void check(boolean ok, String op, Tensor a, Tensor b, Tensor c) {
        if (!ok) {
            throw new IllegalArgumentException(op + ": shapes " + a + ", " + b + " -> " + c + " do not fit");
        }
    }
}
