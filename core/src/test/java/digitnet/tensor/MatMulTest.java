package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The public products, run by the active kernels over the shared pool, against naive loops. */
class MatMulTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void productsMatchNaiveLoopsIncludingLongSumsThatAreCacheBlocked() {
        Random random = new Random(21);
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {64, 784, 128}, {37, 300, 19}, {9, 513, 10}, {130, 10, 10}};
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            Tensor a = random(random, m, k), b = random(random, k, n), bias = random(random, 1, n);
            Tensor c = new Tensor(m, n);
            MatMul.multiplyAddBias(a, b, bias, c);
            assertClose(c, naive(a, b, bias, false, false));
            MatMul.multiply(a, b, c);
            assertClose(c, naive(a, b, null, false, false));

            Tensor at = random(random, k, m), ct = new Tensor(m, n);
            MatMul.multiplyTransA(at, b, ct);
            assertClose(ct, naive(at, b, null, true, false));

            Tensor bt = random(random, n, k);
            MatMul.multiplyTransB(a, bt, c);
            assertClose(c, naive(a, bt, null, false, true));
        }
    }

    @Test
    void resultsAreTheSameBitForBitWithOneOrTwoThreads() {
        Random random = new Random(22);
        Tensor a = random(random, 300, 784), b = random(random, 784, 40), c1 = new Tensor(300, 40), c2 = new Tensor(300, 40);
        Parallel.setThreads(1);
        MatMul.multiply(a, b, c1);
        Parallel.setThreads(2);
        MatMul.multiply(a, b, c2);
        assertThat(c2.data).containsExactly(c1.data);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 10, 16, 17, 33, 128, 130})
    void sparseProductsEqualTheDenseOnesOnBytesForRowsOfAnyWidth(int n) {
        Random random = new Random(23 + n);
        int rows = 70, features = 53;
        byte[] pixels = new byte[rows * features];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(5) == 0 ? (byte) (1 + random.nextInt(255)) : 0;
        }
        SparseRows x = new SparseRows(rows, features, rows * features, 1f / 255, true);
        x.fill(pixels, null, 0, rows);
        Tensor dense = new Tensor(rows, features);
        for (int i = 0; i < pixels.length; i++) {
            dense.data[i] = (pixels[i] & 0xFF) / 255f;
        }
        Tensor w = random(random, n, features), bias = random(random, 1, n);
        Tensor wT = new Tensor(features, n);
        Ops.transpose(w, wT);
        Tensor y = new Tensor(rows, n);
        MatMul.sparseMultiply(x, wT, bias, y);
        assertClose(y, naive(dense, w, bias, false, true));

        Tensor d = random(random, rows, n), g = new Tensor(features, n);
        MatMul.sparseMultiplyTransA(x, d, g);
        assertClose(g, naive(dense, d, null, true, false));
    }

    @Test
    void transposeWritesEveryElementAndLeavesThePaddingAlone() {
        Random random = new Random(24);
        for (int[] s : new int[][] {{1, 1}, {3, 40}, {17, 33}, {128, 784}}) {
            Tensor src = random(random, s[0], s[1]), dst = new Tensor(s[1], s[0] + 5);
            dst.fill(7f);
            Ops.transpose(src, dst);
            for (int r = 0; r < s[0]; r++) {
                for (int c = 0; c < s[1]; c++) {
                    assertThat(dst.get(c, r)).isEqualTo(src.get(r, c));
                }
            }
            for (int c = 0; c < s[1]; c++) {
                for (int r = s[0]; r < s[0] + 5; r++) {
                    assertThat(dst.get(c, r)).isEqualTo(7f);
                }
            }
        }
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThatThrownBy(() -> MatMul.multiply(new Tensor(2, 3), new Tensor(4, 5), new Tensor(2, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiply");
    }

    @Test
    void sparseProductsRefuseARightHandSideWithoutSpareFloatsAfterItsLastRow() {
        SparseRows x = new SparseRows(2, 3, 6, 1f, true);
        x.fill(new byte[] {1, 0, 2, 0, 3, 0}, null, 0, 2);
        Tensor bare = new Tensor(3, 4, new float[12]), y = new Tensor(2, 4);
        assertThatThrownBy(() -> MatMul.sparseMultiply(x, bare, null, y))
                .hasMessageContaining("sparseMultiply: Tensor(3, 4) has no spare floats");
        Tensor d = new Tensor(2, 4, new float[8]), g = new Tensor(3, 4);
        assertThatThrownBy(() -> MatMul.sparseMultiplyTransA(x, d, g))
                .hasMessageContaining("sparseMultiplyTransA: Tensor(2, 4) has no spare floats");
    }

    static Tensor random(Random random, int rows, int cols) {
        Tensor t = new Tensor(rows, cols);      // allocated, with the spare floats the sparse products load
        System.arraycopy(KernelsTest.randomArray(random, rows * cols), 0, t.data, 0, rows * cols);
        return t;
    }

    // C = op(A) op(B) (+ bias) in double
    static double[][] naive(Tensor a, Tensor b, Tensor bias, boolean transA, boolean transB) {
        int m = transA ? a.cols : a.rows(), k = transA ? a.rows() : a.cols, n = transB ? b.rows() : b.cols;
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias.get(0, j);
                for (int p = 0; p < k; p++) {
                    s += (double) (transA ? a.get(p, i) : a.get(i, p)) * (transB ? b.get(j, p) : b.get(p, j));
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    static void assertClose(Tensor c, double[][] expected) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                assertThat((double) c.get(i, j)).as("C[%d,%d] of %s", i, j, c).isCloseTo(expected[i][j], within(2e-4));
            }
        }
    }
}
