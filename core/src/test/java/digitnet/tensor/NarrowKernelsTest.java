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
 * ranges computed in a shuffled order; and the ReLU derivative on odd lengths.
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
            kernels.reluBackward(y, dy, dx, size);
            for (int i = 0; i < size; i++) {
                assertThat(dx[i]).as("size %d at %d", size, i).isEqualTo(y[i] > 0f ? dy[i] : 0f);
            }
            assertThat(dx[size]).as("nothing written past size").isEqualTo(7f);
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
