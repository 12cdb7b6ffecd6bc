package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Kernels#gemmPacked} on A laid out by {@link Kernels#packRows} gives, bit for bit, what
 * {@link Kernels#gemmBlock} gives on A in place: row-major and transposed A, row counts with and
 * without a remainder past the blocks of 8, widths of 1 to 5 vectors (a last single vector past
 * the 2-vector panels), every start, and ranges of rows that begin at a multiple of 8; rows
 * outside the range are not written.
 */
class PackedGemmTest {
    @ParameterizedTest
    @MethodSource("digitnet.tensor.EveryKernelBothKindsTest#kernels")
    void packedProductsEqualTheProductsInPlaceBitForBit(Kernels kernels) {
        Random r = new Random(61);
        int lanes = kernels.lanes();
        int[] ms = {1, 7, 8, 9, 16, 21, 64};
        for (int t = 0; t < 40; t++) {
            int m = ms[r.nextInt(ms.length)], k = 1 + r.nextInt(40), width = lanes * (1 + r.nextInt(5));
            boolean transposed = r.nextBoolean();
            int aRow = transposed ? 1 : k, aCol = transposed ? m : 1, aOff = r.nextInt(3);
            float[] a = random(r, aOff + m * k + 1), b = random(r, 3 + k * (width + 2) + lanes);
            float[] bias = random(r, Math.max(m, width)), c0 = random(r, m * width + lanes);
            int bOff = 3, ldb = width + 2;
            Kernels.Start start = Kernels.Start.values()[r.nextInt(4)];
            int i0 = r.nextBoolean() ? 0 : Math.min(m, 8 * r.nextInt(m / 8 + 1)), i1 = i0 + r.nextInt(m - i0 + 1);
            float[] packed = new float[kernels.packedRowsSize(m, k)];
            kernels.packRows(a, aOff, aRow, aCol, m, k, packed);
            float[] expected = c0.clone(), actual = c0.clone();
            kernels.gemmBlock(a, aOff, aRow, aCol, b, bOff, ldb, expected, 0, width, bias, start, k, width, i0, i1);
            kernels.gemmPacked(packed, m, b, bOff, ldb, actual, 0, width, bias, start, k, width, i0, i1);
            assertThat(actual).as("%s m %d k %d width %d rows [%d, %d) %s%s", kernels.name(), m, k, width, i0, i1, start,
                    transposed ? " transposed" : "").containsExactly(expected);
            for (int i = 0; i < m * width; i++) {
                if (i / width < i0 || i / width >= i1) {
                    assertThat(actual[i]).as("untouched [%d]", i).isEqualTo(c0[i]);
                }
            }
        }
    }

    /**
     * A row-major A with at least 16 rows and a short k takes the panel path ({@code RegisterTile.gemmRows}):
     * bit for bit what the same product gives with A stored transposed (the tiles reading A in place),
     * for any first row, widths with a single vector past the 2-vector blocks, and k on both sides of
     * the panel's bound; rows outside the range are not written.
     */
    @org.junit.jupiter.api.Test
    void rowMajorProductsThroughThePanelEqualTheTransposedLayoutBitForBit() {
        Kernels kernels = new VectorKernels();
        Random r = new Random(62);
        int lanes = kernels.lanes();
        int bound = RegisterTile.PANEL_FLOATS / (2 * lanes);
        for (int t = 0; t < 40; t++) {
            int m = 16 + r.nextInt(50), k = t % 4 == 0 ? bound + r.nextInt(3) : 1 + r.nextInt(bound);
            int width = lanes * (2 + r.nextInt(4));
            float[] a = random(r, m * k), aT = new float[m * k];
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    aT[p * m + i] = a[i * k + p];
                }
            }
            int bOff = 3, ldb = width + 2;
            float[] b = random(r, bOff + k * ldb + lanes), bias = random(r, Math.max(m, width)), c0 = random(r, m * width + lanes);
            Kernels.Start start = Kernels.Start.values()[r.nextInt(4)];
            int i0 = r.nextInt(m - 15), i1 = i0 + 16 + r.nextInt(m - i0 - 15);
            float[] expected = c0.clone(), actual = c0.clone();
            kernels.gemmBlock(aT, 0, 1, m, b, bOff, ldb, expected, 0, width, bias, start, k, width, i0, i1);
            kernels.gemmBlock(a, 0, k, 1, b, bOff, ldb, actual, 0, width, bias, start, k, width, i0, i1);
            assertThat(actual).as("m %d k %d width %d rows [%d, %d) %s", m, k, width, i0, i1, start).containsExactly(expected);
            for (int i = 0; i < m * width; i++) {
                if (i / width < i0 || i / width >= i1) {
                    assertThat(actual[i]).as("untouched [%d]", i).isEqualTo(c0[i]);
                }
            }
        }
    }

    /**
     * Every element of C is one chain of fused multiply-adds over p in order, from its start (0, the
     * column's or the row's bias, or C itself), whatever the tile that computes it: 8 x 2, 4 x 2, 8 x 1
     * (the last single vector of columns) or 1 x 1, row-major, transposed or packed A; checked bit for
     * bit against that chain written with Math.fma.
     */
    @org.junit.jupiter.api.Test
    void everyElementIsOneChainOfFusedMultiplyAddsInOrder() {
        Kernels kernels = new VectorKernels();
        Random r = new Random(63);
        int lanes = kernels.lanes();
        for (int t = 0; t < 60; t++) {
            int m = 1 + r.nextInt(40), k = 1 + r.nextInt(70), width = lanes * (1 + r.nextInt(5));
            boolean transposed = r.nextBoolean();
            int aRow = transposed ? 1 : k, aCol = transposed ? m : 1;
            float[] a = random(r, m * k), b = random(r, k * width + lanes), bias = random(r, Math.max(m, width));
            float[] c0 = random(r, m * width + lanes);
            Kernels.Start start = Kernels.Start.values()[r.nextInt(4)];
            float[] expected = c0.clone();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < width; j++) {
                    float acc = switch (start) {
                        case ZERO -> 0f;
                        case COLUMN_BIAS -> bias[j];
                        case ROW_BIAS -> bias[i];
                        case ACCUMULATE -> c0[i * width + j];
                    };
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(a[i * aRow + p * aCol], b[p * width + j], acc);
                    }
                    expected[i * width + j] = acc;
                }
            }
            float[] inPlace = c0.clone(), packedC = c0.clone();
            kernels.gemmBlock(a, 0, aRow, aCol, b, 0, width, inPlace, 0, width, bias, start, k, width, 0, m);
            float[] packed = new float[kernels.packedRowsSize(m, k)];
            kernels.packRows(a, 0, aRow, aCol, m, k, packed);
            kernels.gemmPacked(packed, m, b, 0, width, packedC, 0, width, bias, start, k, width, 0, m);
            String what = String.format("m %d k %d width %d %s%s", m, k, width, start, transposed ? " transposed" : "");
            assertThat(java.util.Arrays.copyOf(inPlace, m * width)).as("in place, %s", what)
                    .containsExactly(java.util.Arrays.copyOf(expected, m * width));
            assertThat(java.util.Arrays.copyOf(packedC, m * width)).as("packed, %s", what)
                    .containsExactly(java.util.Arrays.copyOf(expected, m * width));
        }
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }
}
