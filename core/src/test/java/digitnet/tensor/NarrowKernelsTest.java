package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernels of the notebook's narrow layers against naive references: gathers whose output is
 * at most one vector wide from a source with one vector per row (the vectorised kernels take a
 * path of their own there, storing whole vectors that spill into the next row), split into row
 * ranges computed in a shuffled order; products whose output is narrower than a vector (read
 * in place, stored spilling into the next row) against naive sums and against the padded path;
 * the softmax of rows of up to one vector against double-precision sums and against the plain
 * path; the bias gradient's row sums; and the ReLU derivative on odd lengths.
 */
class NarrowKernelsTest {
    private static final int CASES = 80;

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void narrowGatherMatchesNaiveSumsWhateverTheSplit(Kernels kernels) {
        Random random = new Random(21);
        int lanes = kernels instanceof VectorKernels ? VectorKernels.SPECIES.length() : 16;
        for (int t = 0; t < CASES; t++) {
            int rows = 1 + random.nextInt(40), n = 1 + random.nextInt(lanes), srcRows = 1 + random.nextInt(30);
            int[] start = new int[rows + 1];
            int[] index = new int[rows * 20];
            int e = 0;
            for (int r = 0; r < rows; r++) {
                start[r] = e;
                for (int q = random.nextInt(20); q > 0; q--) {
                    index[e++] = random.nextInt(srcRows);
                }
            }
            start[rows] = e;
            float[] values = random(random, e), src = random(random, srcRows * lanes);
            float[] bias = random.nextBoolean() ? random(random, n) : null;
            float[] out = new float[rows * n];
            kernels.gather(start, index, values, src, lanes, bias, out, n, 0, rows);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    double s = bias == null ? 0 : bias[j], abs = Math.abs(s);
                    for (int p = start[r]; p < start[r + 1]; p++) {
                        s += (double) values[p] * src[index[p] * lanes + j];
                        abs += Math.abs((double) values[p] * src[index[p] * lanes + j]);
                    }
                    assertThat((double) out[r * n + j]).as("case %d row %d col %d", t, r, j)
                            .isCloseTo(s, within(1e-5 * abs + 1e-6));
                }
            }
            int cut1 = random.nextInt(rows + 1), cut2 = cut1 + random.nextInt(rows - cut1 + 1);
            float[] split = new float[rows * n];
            java.util.Arrays.fill(split, Float.NaN);
            kernels.gather(start, index, values, src, lanes, bias, split, n, cut1, cut2);
            kernels.gather(start, index, values, src, lanes, bias, split, n, cut2, rows);
            kernels.gather(start, index, values, src, lanes, bias, split, n, 0, cut1);
            assertThat(split).as("case %d split at %d, %d", t, cut1, cut2).containsExactly(out);
        }
    }

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void narrowAndGeneralGathersGiveTheSameBits(Kernels kernels) {
        Random random = new Random(22);
        int lanes = kernels instanceof VectorKernels ? VectorKernels.SPECIES.length() : 16;
        int rows = 37, n = Math.min(10, lanes), srcRows = 29;
        int[] start = new int[rows + 1], index = new int[rows * 25];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            start[r] = e;
            for (int q = random.nextInt(25); q > 0; q--) {
                index[e++] = random.nextInt(srcRows);
            }
        }
        start[rows] = e;
        float[] values = random(random, e), narrow = random(random, srcRows * lanes);
        float[] wide = new float[srcRows * 2 * lanes];   // the same source rows, padded to two vectors
        for (int r = 0; r < srcRows; r++) {
            System.arraycopy(narrow, r * lanes, wide, r * 2 * lanes, lanes);
        }
        float[] bias = random(random, n), a = new float[rows * n], b = new float[rows * n];
        kernels.gather(start, index, values, narrow, lanes, bias, a, n, 0, rows);
        kernels.gather(start, index, values, wide, 2 * lanes, bias, b, n, 0, rows);
        assertThat(a).containsExactly(b);
    }

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void reluBackwardPassesTheGradientWhereTheOutputIsPositive(Kernels kernels) {
        Random random = new Random(23);
        for (int size : new int[] {0, 1, 15, 16, 17, 33, 90, 1001}) {
            float[] y = new float[size], dy = random(random, size), dx = new float[size + 3];
            for (int i = 0; i < size; i++) {
                y[i] = random.nextInt(3) == 0 ? 0f : random.nextBoolean() ? random.nextFloat() : -0f;
            }
            java.util.Arrays.fill(dx, 7f);
            kernels.reluBackward(y, dy, dx, 0, size);
            for (int i = 0; i < size; i++) {
                assertThat(dx[i]).as("size %d at %d", size, i).isEqualTo(y[i] > 0f ? dy[i] : 0f);
            }
            assertThat(dx[size]).as("nothing written past size").isEqualTo(7f);
        }
    }

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void narrowProductsMatchNaiveSumsWhateverTheSplitAndTouchNothingElse(Kernels kernels) {
        Random random = new Random(24);
        int lanes = kernels instanceof VectorKernels ? VectorKernels.SPECIES.length() : 16;
        for (int t = 0; t < CASES; t++) {
            int m = 1 + random.nextInt(30), n = 1 + random.nextInt(lanes - 1), k = t % 7 == 0 ? 500 + random.nextInt(600) : 1 + random.nextInt(12);
            boolean transA = random.nextBoolean();                  // A read by columns: dW^T = A^T dY
            int aRow = transA ? 1 : k, aCol = transA ? m : 1;
            float[] a = random(random, m * k), b = random(random, k * n + lanes);   // B with a vector of spare floats
            float[] bias = random.nextBoolean() ? random(random, n) : null;
            float[] c = new float[m * n + lanes];
            java.util.Arrays.fill(c, Float.NaN);
            kernels.gemm(a, aRow, aCol, b, bias, c, k, n, 0, m);
            KernelsTest.assertGemmMatchesNaiveSums(c, a, aRow, aCol, b, bias, m, k, n,
                    String.format("case %d (m %d, k %d, n %d)", t, m, k, n));
            int cut1 = random.nextInt(m + 1), cut2 = cut1 + random.nextInt(m - cut1 + 1);
            float[] split = new float[m * n + lanes];
            java.util.Arrays.fill(split, Float.NaN);
            kernels.gemm(a, aRow, aCol, b, bias, split, k, n, cut1, cut2);
            for (int q = 0; q < split.length; q++) {       // the middle range wrote its own rows only
                assertThat(Float.isNaN(split[q])).as("case %d, range %d..%d, float %d", t, cut1, cut2, q)
                        .isEqualTo(q < cut1 * n || q >= cut2 * n);
            }
            kernels.gemm(a, aRow, aCol, b, bias, split, k, n, cut2, m);
            kernels.gemm(a, aRow, aCol, b, bias, split, k, n, 0, cut1);
            assertThat(java.util.Arrays.copyOf(split, m * n)).as("case %d split", t).containsExactly(java.util.Arrays.copyOf(c, m * n));
            // B without spare floats takes the padded path: the same bits
            float[] tight = java.util.Arrays.copyOf(b, k * n), padded = new float[m * n];
            kernels.gemm(a, aRow, aCol, tight, bias, padded, k, n, 0, m);
            assertThat(padded).as("case %d padded path", t).containsExactly(java.util.Arrays.copyOf(c, m * n));
        }
    }

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void softmaxRowsMatchDoublePrecisionAndThePlainPathBitForBit(Kernels kernels) {
        Random random = new Random(25);
        for (int t = 0; t < CASES; t++) {
            int m = 1 + random.nextInt(50), k = 1 + random.nextInt(t % 5 == 0 ? 40 : 16);
            float[] z = new float[m * k + 16];
            for (int i = 0; i < m * k; i++) {
                z[i] = (random.nextFloat() * 2 - 1) * (t % 3 == 0 ? 200 : 8);   // large logits: no overflow
            }
            float[] p = new float[m * k + 16], max = new float[m], sum = new float[m];
            int[] argmax = new int[m];
            kernels.softmax(z, p, 0, m, k, max, sum, argmax);
            for (int i = 0; i < m; i++) {
                double zmax = Double.NEGATIVE_INFINITY, total = 0;
                for (int j = 0; j < k; j++) {
                    zmax = Math.max(zmax, z[i * k + j]);
                }
                for (int j = 0; j < k; j++) {
                    total += Math.exp(z[i * k + j] - zmax);
                }
                assertThat((double) max[i]).isEqualTo(zmax);
                assertThat((double) sum[i]).as("case %d row %d sum", t, i).isCloseTo(total, within(1e-5 * total));
                for (int j = 0; j < k; j++) {
                    double expected = Math.exp(z[i * k + j] - zmax) / total;
                    assertThat((double) p[i * k + j]).as("case %d row %d class %d", t, i, j).isCloseTo(expected, within(1e-5 * expected + 1e-30));
                }
                assertThat(argmax[i]).as("case %d row %d argmax", t, i).isEqualTo(Ops.argmax(p, i * k, k));
            }
            // in place (z and p the same array) takes the plain path: the same bits
            float[] inPlace = z.clone(), max2 = new float[m], sum2 = new float[m];
            int[] argmax2 = new int[m];
            kernels.softmax(inPlace, inPlace, 0, m, k, max2, sum2, argmax2);
            assertThat(java.util.Arrays.copyOf(inPlace, m * k)).as("case %d in place", t).containsExactly(java.util.Arrays.copyOf(p, m * k));
            assertThat(sum2).containsExactly(sum);
            assertThat(argmax2).containsExactly(argmax);
        }
    }

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void softmaxOfARangeOfRowsWritesOnlyThoseRowsWithTheWholeRunsBits(Kernels kernels) {
        Random random = new Random(27);
        for (int t = 0; t < CASES; t++) {
            int m = 2 + random.nextInt(40), k = 1 + random.nextInt(t % 4 == 0 ? 30 : 16);
            float[] z = random(random, m * k + 16);
            float[] whole = new float[m * k + 16], max = new float[m], sum = new float[m];
            int[] argmax = new int[m];
            kernels.softmax(z, whole, 0, m, k, max, sum, argmax);
            // rows cut at random points, computed in reverse order (as another thread might)
            int cut = 1 + random.nextInt(m - 1);
            float[] p = new float[m * k + 16], max2 = new float[m], sum2 = new float[m];
            java.util.Arrays.fill(p, -7f);
            int[] argmax2 = new int[m];
            kernels.softmax(z, p, cut, m, k, max2, sum2, argmax2);
            for (int i = 0; i < cut * k; i++) {
                assertThat(p[i]).as("case %d: row %d before the range [%d, %d) untouched", t, i / k, cut, m).isEqualTo(-7f);
            }
            for (int i = m * k; i < p.length; i++) {
                assertThat(p[i]).as("case %d: spare float %d untouched", t, i - m * k).isEqualTo(-7f);
            }
            kernels.softmax(z, p, 0, cut, k, max2, sum2, argmax2);
            assertThat(java.util.Arrays.copyOf(p, m * k)).as("case %d split at %d", t, cut)
                    .containsExactly(java.util.Arrays.copyOf(whole, m * k));
            assertThat(max2).containsExactly(max);
            assertThat(sum2).containsExactly(sum);
            assertThat(argmax2).containsExactly(argmax);
        }
    }

    @org.junit.jupiter.api.Test
    void crossEntropyGradientIsProbabilitiesLessOneHotScaledAtAnyThreadCount() {
        Random random = new Random(28);
        int m = 5000, k = 10;
        Tensor p = new Tensor(m, k);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = random.nextInt(k);
            for (int j = 0; j < k; j++) {
                p.data[i * k + j] = random.nextFloat();
            }
        }
        float scale = 1f / m;
        Tensor one = new Tensor(m, k), two = new Tensor(m, k);
        Parallel.setThreads(1);
        Ops.crossEntropyGradient(p, labels, scale, one);
        Parallel.setThreads(2);
        try {
            Ops.crossEntropyGradient(p, labels, scale, two);
        } finally {
            Parallel.setThreads(Runtime.getRuntime().availableProcessors());
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < k; j++) {
                float expected = p.data[i * k + j] * scale - (j == labels[i] ? scale : 0f);
                assertThat(one.data[i * k + j]).as("row %d class %d", i, j).isEqualTo(expected);
            }
        }
        assertThat(two.data).containsExactly(one.data);
    }

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void softmaxOfARowWithNaNStillNamesAClass(Kernels kernels) {
        int k = 10;
        float[] z = new float[3 * k + 16], p = new float[3 * k + 16], max = new float[3], sum = new float[3];
        for (int i = 0; i < 3 * k; i++) {
            z[i] = i % k;
        }
        z[k + 4] = Float.NaN;
        int[] argmax = new int[3];
        kernels.softmax(z, p, 0, 3, k, max, sum, argmax);
        assertThat(argmax).containsExactly(9, Ops.argmax(p, k, k), 9);
        assertThat(argmax[1]).isBetween(0, k - 1);
    }

    @ParameterizedTest
    @MethodSource("digitnet.tensor.KernelsTest#kernels")
    void rowSumsAddEachColumnInRowOrder(Kernels kernels) {
        Random random = new Random(26);
        for (int t = 0; t < CASES; t++) {
            int m = random.nextInt(60), n = 1 + random.nextInt(t % 2 == 0 ? 40 : 150);   // past 4 vectors too
            float[] x = random(random, m * n + 16), out = new float[n + 3], expected = new float[n];
            java.util.Arrays.fill(out, 7f);
            kernels.sumRows(x, out, m, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    expected[j] += x[i * n + j];
                }
            }
            assertThat(java.util.Arrays.copyOf(out, n)).as("case %d (%d x %d)", t, m, n).containsExactly(expected);
            assertThat(out[n]).as("nothing written past n").isEqualTo(7f);
        }
    }

    private static float[] random(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
