package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both kernel sets against a naive double-precision reference, on seeded random shapes that
 * include sizes which are not multiples of the vector width (1, 15, 17, 33, ...), and split into
 * row ranges in several ways to show that the split does not change a single bit.
 */
class KernelsTest {
    private static final int CASES = 60;

    static List<Kernels> kernels() {
        List<Kernels> ks = new ArrayList<>();
        ks.add(new ScalarKernels());
        ks.add(new VectorKernels());
        return ks;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gemmMatchesNaiveProductOnRandomShapes(Kernels kernels) {
        Random random = new Random(11);
        for (int t = 0; t < CASES; t++) {
            int m = size(random), k = size(random), n = size(random);
            boolean transA = random.nextBoolean();
            float[] a = randomArray(random, m * k), b = randomArray(random, k * n);
            float[] bias = random.nextBoolean() ? randomArray(random, n) : null;
            int aRow = transA ? 1 : k, aCol = transA ? m : 1;
            float[] c = new float[m * n];
            kernels.gemm(a, aRow, aCol, b, bias, c, k, n, 0, m);
            assertGemmMatchesNaiveSums(c, a, aRow, aCol, b, bias, m, k, n,
                    String.format("%s %dx%dx%d transA=%s", kernels.name(), m, k, n, transA));
            float[] split = new float[m * n];
            int cut = random.nextInt(m + 1);
            kernels.gemm(a, aRow, aCol, b, bias, split, k, n, 0, cut);
            kernels.gemm(a, aRow, aCol, b, bias, split, k, n, cut, m);
            assertThat(split).as("split at row %d", cut).containsExactly(c);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gemmTransBMatchesNaiveProduct(Kernels kernels) {
        Random random = new Random(12);
        for (int t = 0; t < CASES; t++) {
            int m = size(random), k = size(random), n = size(random);
            float[] a = randomArray(random, m * k), b = randomArray(random, n * k), c = new float[m * n];
            kernels.gemmTransB(a, b, c, k, n, 0, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double term = (double) a[i * k + p] * b[j * k + p];
                        s += term;
                        abs += Math.abs(term);
                    }
                    assertThat((double) c[i * n + j]).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5 * abs + 1e-6));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gatherSumsTheListedRowsOfTheSource(Kernels kernels) {
        Random random = new Random(13);
        for (int t = 0; t < CASES; t++) {
            int rows = size(random), n = size(random), srcRows = size(random);
            int stride = (n + kernels.lanes() - 1) / kernels.lanes() * kernels.lanes() + (random.nextBoolean() ? kernels.lanes() : 0);
            int[] start = new int[rows + 1];
            List<Integer> idx = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                start[r] = idx.size();
                int len = random.nextInt(12);
                for (int e = 0; e < len; e++) {
                    idx.add(random.nextInt(srcRows));
                }
            }
            start[rows] = idx.size();
            int[] index = idx.stream().mapToInt(Integer::intValue).toArray();
            float[] values = randomArray(random, index.length), src = randomArray(random, srcRows * stride);
            float[] bias = random.nextBoolean() ? randomArray(random, n) : null;
            float[] out = new float[rows * n];
            kernels.gather(start, index, values, src, stride, bias, out, n, 0, rows);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    double s = 0, abs = 0;
                    for (int e = start[r]; e < start[r + 1]; e++) {
                        double term = (double) values[e] * src[index[e] * stride + j];
                        s += term;
                        abs += Math.abs(term);
                    }
                    if (bias != null) {
                        s += bias[j];
                        abs += Math.abs(bias[j]);
                    }
                    assertThat((double) out[r * n + j]).isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5 * abs + 1e-6));
                }
            }
            float[] split = new float[rows * n];
            int cut = random.nextInt(rows + 1);
            kernels.gather(start, index, values, src, stride, bias, split, n, cut, rows);
            kernels.gather(start, index, values, src, stride, bias, split, n, 0, cut);
            assertThat(split).containsExactly(out);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void gemmBlockReadsAndWritesBlocksInPlaceFromEveryStart(Kernels kernels) {
        Random random = new Random(15);
        for (int t = 0; t < CASES; t++) {
            int m = size(random), k = size(random), width = kernels.lanes() * (1 + random.nextInt(3));
            Kernels.Start start = Kernels.Start.values()[t % Kernels.Start.values().length];
            boolean transA = random.nextBoolean();
            int aOff = random.nextInt(5), bOff = random.nextInt(5), cOff = random.nextInt(5);
            int ldb = width + random.nextInt(3), ldc = width + random.nextInt(3);
            int aRow = transA ? 1 : k, aCol = transA ? m : 1;
            float[] a = randomArray(random, aOff + m * k), b = randomArray(random, bOff + k * ldb);
            float[] bias = randomArray(random, Math.max(m, width)), c0 = randomArray(random, cOff + m * ldc);
            float[] c = c0.clone();
            kernels.gemmBlock(a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, start, k, width, 0, m);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < width; j++) {
                    int at = cOff + i * ldc + j;
                    double s = switch (start) {
                        case ZERO -> 0;
                        case COLUMN_BIAS -> bias[j];
                        case ROW_BIAS -> bias[i];
                        case ACCUMULATE -> c0[at];
                    };
                    double abs = Math.abs(s);
                    for (int p = 0; p < k; p++) {
                        double term = (double) a[aOff + i * aRow + p * aCol] * b[bOff + p * ldb + j];
                        s += term;
                        abs += Math.abs(term);
                    }
                    assertThat((double) c[at]).as("%s %s C[%d,%d]", kernels.name(), start, i, j)
                            .isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5 * abs + 1e-6));
                }
                for (int j = width; j < ldc; j++) {
                    assertThat(c[cOff + i * ldc + j]).as("past the block's width").isEqualTo(c0[cOff + i * ldc + j]);
                }
            }
            float[] split = c0.clone();
            int cut = random.nextInt(m + 1);
            kernels.gemmBlock(a, aOff, aRow, aCol, b, bOff, ldb, split, cOff, ldc, bias, start, k, width, cut, m);
            kernels.gemmBlock(a, aOff, aRow, aCol, b, bOff, ldb, split, cOff, ldc, bias, start, k, width, 0, cut);
            assertThat(split).as("split at row %d", cut).containsExactly(c);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void laneDotsSumEachLaneAndAccumulate(Kernels kernels) {
        Random random = new Random(16);
        int lanes = kernels.lanes();
        for (int t = 0; t < CASES; t++) {
            int dRows = size(random), rows = size(random), k = lanes * (1 + random.nextInt(4));
            int o0 = random.nextInt(dRows), o1 = o0 + 1 + random.nextInt(dRows - o0);
            int dOff = random.nextInt(5), eOff = random.nextInt(5);
            float[] d = randomArray(random, dOff + dRows * k), e = randomArray(random, eOff + rows * k);
            float[] part = randomArray(random, (o1 - o0) * rows * lanes), biasPart = randomArray(random, (o1 - o0) * lanes);
            float[] part0 = part.clone(), biasPart0 = biasPart.clone();
            boolean accumulate = random.nextBoolean();
            kernels.laneDots(d, dOff, e, eOff, part, biasPart, accumulate, k, rows, o0, o1);
            for (int o = o0; o < o1; o++) {
                for (int lane = 0; lane < lanes; lane++) {
                    int b = (o - o0) * lanes + lane;
                    double s = accumulate ? biasPart0[b] : 0;
                    for (int p = lane; p < k; p += lanes) {
                        s += d[dOff + o * k + p];
                    }
                    assertThat((double) biasPart[b]).as("%s bias lane", kernels.name())
                            .isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5 * k + 1e-6));
                    for (int q = 0; q < rows; q++) {
                        int at = ((o - o0) * rows + q) * lanes + lane;
                        double dot = accumulate ? part0[at] : 0, abs = Math.abs(dot);
                        for (int p = lane; p < k; p += lanes) {
                            double term = (double) d[dOff + o * k + p] * e[eOff + q * k + p];
                            dot += term;
                            abs += Math.abs(term);
                        }
                        assertThat((double) part[at]).as("%s part o=%d q=%d lane=%d", kernels.name(), o, q, lane)
                                .isCloseTo(dot, org.assertj.core.api.Assertions.within(1e-5 * abs + 1e-6));
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void expMatchesMathExp(Kernels kernels) {
        Random random = new Random(14);
        float[] x = new float[37];
        for (int i = 0; i < x.length; i++) {
            x[i] = (random.nextFloat() - 0.8f) * 100f;
        }
        x[0] = 0f;
        x[1] = -200f;
        float[] y = x.clone();
        kernels.exp(y, 0, y.length);
        for (int i = 0; i < x.length; i++) {
            assertThat((double) y[i]).as("exp(%s)", x[i]).isCloseTo(Math.exp(x[i]),
                    org.assertj.core.api.Assertions.within(1e-6 * Math.exp(x[i]) + 1e-37));
        }
        assertThat(y[0]).isEqualTo(1f);
    }

    // sizes around the vector width and the register tiles, plus a few larger ones
    private static int size(Random random) {
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 10, 15, 16, 17, 31, 32, 33, 47, 64, 65, 100, 129};
        return sizes[random.nextInt(sizes.length)];
    }

    static float[] randomArray(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2f - 1f;
        }
        return a;
    }

    /**
     * Every C[i, j] of {@link Kernels#gemm} (A(i, p) = a[i * aRow + p * aCol], B row-major (k, n))
     * within float rounding of the sum in double precision.
     */
    static void assertGemmMatchesNaiveSums(float[] c, float[] a, int aRow, int aCol, float[] b, float[] bias,
                                           int m, int k, int n, String what) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0 : bias[j], abs = Math.abs(s);
                for (int p = 0; p < k; p++) {
                    double term = (double) a[i * aRow + p * aCol] * b[p * n + j];
                    s += term;
                    abs += Math.abs(term);
                }
                assertThat((double) c[i * n + j]).as("%s: C[%d,%d]", what, i, j)
                        .isCloseTo(s, org.assertj.core.api.Assertions.within(1e-5 * abs + 1e-6));
            }
        }
    }
}
