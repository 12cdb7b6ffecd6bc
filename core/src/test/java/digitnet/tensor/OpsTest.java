package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The element-wise operations and reductions against plain index loops, on tensors whose rows in
 * use are fewer than their capacity (the rows beyond must be neither read nor written).
 */
class OpsTest {
    private static final float GUARD = 12345f;

    /** (rows, cols) in use inside a backing array of capacity rows, random values, guard values beyond. */
    private static Tensor random(int rows, int capacity, int cols, long seed) {
        Tensor t = new Tensor(capacity, cols);
        t.fill(GUARD);
        t.setRows(rows);
        Random r = new Random(seed);
        for (int i = 0; i < rows * cols; i++) {
            t.data[i] = (float) r.nextGaussian();
        }
        return t;
    }

    private static void assertGuardsKept(Tensor t, int fromIndex) {
        for (int i = fromIndex; i < t.capacityRows() * t.cols; i++) {
            assertThat(t.data[i]).as("index %d beyond the rows in use", i).isEqualTo(GUARD);
        }
    }

    /** Rows of lengths around a vector, the extremes 0 and 255 included: each pixel times scale, bit for bit, nothing else written. */
    @Test
    void pixelsWidenedToFloats() {
        Random r = new Random(61);
        int lanes = new VectorKernels().lanes();
        for (int n : new int[] {1, 2, 3, 5, lanes - 1, lanes, lanes + 1, 2 * lanes + 3, 3 * lanes - 1, 4 * lanes + 1}) {
            int row = r.nextInt(3);
            byte[] src = new byte[3 * n];
            r.nextBytes(src);
            src[row * n] = (byte) 255;                          // the extremes, whatever the draw
            src[row * n + n - 1] = 0;
            float[] dst = new float[n + 2];
            java.util.Arrays.fill(dst, -7f);
            Ops.widenRows(src, n, new int[] {row}, 0, 1, 1f / 255f, dst);
            for (int i = 0; i < dst.length; i++) {
                float expected = i < n ? (src[row * n + i] & 0xFF) * (1f / 255f) : -7f;
                assertThat(Float.floatToRawIntBits(dst[i])).as("widen n %d [%d]", n, i)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
    }

    /** Rows picked by an order, widened at 1 and 2 threads: every row where the order says, each pixel / 255. */
    @Test
    void widenRowsTakesTheOrderedRowsAtAnyThreadCount() {
        Random r = new Random(67);
        int features = 97, rows = 300, n = 250;
        byte[] pixels = new byte[rows * features];
        r.nextBytes(pixels);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = (i * 37 + 11) % rows;
        }
        int before = Parallel.shared().threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                float[] dst = new float[n * features + 5];
                java.util.Arrays.fill(dst, -1f);
                Ops.widenRows(pixels, features, order, 20, n, 0.5f, dst);
                for (int row = 0; row < n; row++) {
                    for (int j = 0; j < features; j++) {
                        assertThat(dst[row * features + j]).as("threads %d row %d pixel %d", threads, row, j)
                                .isEqualTo((pixels[order[20 + row] * features + j] & 0xFF) * 0.5f);
                    }
                }
                assertThat(dst[n * features]).as("past the last row").isEqualTo(-1f);
                Ops.widenRows(pixels, features, null, 3, 2, 1f, dst);
                assertThat(dst[features + 4]).as("no order: rows from 3 on").isEqualTo(pixels[4 * features + 4] & 0xFF);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void addRowVectorAddsTheBiasToEveryRowInUse() {
        Tensor y = random(5, 7, 3, 1), bias = random(1, 1, 3, 2);
        Tensor before = y.copy();
        Ops.addRowVector(y, bias);
        for (int r = 0; r < 5; r++) {
            for (int c = 0; c < 3; c++) {
                assertThat(y.get(r, c)).isEqualTo(before.get(r, c) + bias.get(0, c));
            }
        }
        assertGuardsKept(y, 15);
    }

    @Test
    void sumRowsSumsTheRowsInUseInOrderIntoAClearedOutput() {
        Tensor x = random(6, 9, 4, 3), out = new Tensor(1, 4);
        java.util.Arrays.fill(out.data, 99f);                  // the row and the spare floats after it
        Ops.sumRows(x, out);
        assertThat(out.data[4]).as("the float after the output row").isEqualTo(99f);
        for (int c = 0; c < 4; c++) {
            float s = 0;
            for (int r = 0; r < 6; r++) {
                s += x.get(r, c);
            }
            assertThat(out.get(0, c)).isEqualTo(s);
        }
    }

    @Test
    void reluAndItsDerivativeFollowTheirDefinitionsInPlaceToo() {
        Tensor x = random(3, 4, 21, 4);
        x.data[5] = 0f;
        Tensor y = new Tensor(3, 21), dY = random(3, 3, 21, 5), dX = new Tensor(3, 21);
        Ops.relu(x, y);
        Ops.reluBackward(y, dY, dX);
        for (int i = 0; i < 63; i++) {
            assertThat(y.data[i]).isEqualTo(x.data[i] > 0 ? x.data[i] : 0f);
            assertThat(dX.data[i]).isEqualTo(x.data[i] > 0 ? dY.data[i] : 0f);
        }
        Ops.relu(x, x);
        assertThat(java.util.Arrays.copyOf(x.data, 63)).containsExactly(java.util.Arrays.copyOf(y.data, 63));
        assertGuardsKept(x, 63);
    }

    @Test
    void expInPlaceIsMathExpOnTheRowsInUse() {
        Tensor x = random(5, 8, 19, 6);
        Tensor before = x.copy();
        Ops.expInPlace(x);
        for (int i = 0; i < 95; i++) {
            assertThat((double) x.data[i]).isCloseTo(Math.exp(before.data[i]), org.assertj.core.api.Assertions.withinPercentage(1e-4));
        }
        assertGuardsKept(x, 95);
    }

    @Test
    void transposeWritesEveryElementOnceAndLeavesThePaddingColumns() {
        for (int m : new int[] {1, 3, 4, 5, 8, 11}) {
            Tensor src = random(m, m, 6, m);
            Tensor dst = new Tensor(6, m + 2);
            dst.fill(GUARD);
            Ops.transpose(src, dst);
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < 6; c++) {
                    assertThat(dst.get(c, r)).as("m %d, (%d, %d)", m, r, c).isEqualTo(src.get(r, c));
                }
            }
            for (int c = 0; c < 6; c++) {
                assertThat(dst.get(c, m)).isEqualTo(GUARD);
                assertThat(dst.get(c, m + 1)).isEqualTo(GUARD);
            }
        }
    }

    @Test
    void transposeRefusesAnOutputThatDoesNotFit() {
        Tensor src = new Tensor(3, 5);
        assertThatCode(() -> Ops.transpose(src, new Tensor(5, 3))).doesNotThrowAnyException();
        assertThatThrownBy(() -> Ops.transpose(src, new Tensor(5, 2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tensor(3, 5) does not fit Tensor(5, 2)");
        assertThatThrownBy(() -> Ops.transpose(src, new Tensor(4, 3))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void argmaxRowIsTheFirstLargestValueOfThatRow() {
        Tensor x = new Tensor(3, 4, new float[] {1, 5, 5, 2, -3, -1, -2, -1, 7, 0, 0, 0});
        assertThat(Ops.argmaxRow(x, 0)).isEqualTo(1);
        assertThat(Ops.argmaxRow(x, 1)).isEqualTo(1);
        assertThat(Ops.argmaxRow(x, 2)).isEqualTo(0);
        assertThat(Ops.argmaxRow(new Tensor(1, 3, new float[] {0, 0, 1}), 0)).isEqualTo(2);
    }
}
