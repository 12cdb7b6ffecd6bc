package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Max pooling picks, in every window, the first maximum in row-major order, or the first NaN:
 * checked against a plain loop on values full of ties (few distinct values), signed zeros and
 * NaNs, for the K = 2 path (vector and scalar kernels, samples of fewer windows than a vector and of
 * more, not a whole number of vectors) and the general one, with odd sides (the last row and column dropped).
 */
class MaxPoolChoiceTest {
    @ParameterizedTest
    @CsvSource({"2, 3, 7, 5, 2", "3, 2, 6, 6, 2", "2, 4, 27, 26, 2", "1, 1, 6, 4, 2", "2, 2, 9, 7, 3", "1, 1, 4, 4, 4"})
    void picksTheFirstMaximumOrTheFirstNaN(int batch, int channels, int height, int width, int k) {
        for (Kernels kernels : EveryKernelBothKindsTest.kernels()) {
            picksTheFirstMaximumOrTheFirstNaN(kernels, batch, channels, height, width, k);
        }
    }

    /**
     * The vector kernel's two ways of reading 2 x 2 windows (through the corner map, and, on Java 25, as image
     * rows whose even and odd pixels are rearranged) on every width of 8 to 16 windows a row and around it, on
     * several samples in one array (the last sample's last rows end at the array's end), both on any Java.
     */
    @org.junit.jupiter.api.Test
    void bothWaysOfReadingRowsPickTheSameWindowEntries() {
        Random r = new Random(11);
        float[] palette = {0f, -0f, 1f, -1f, 0.5f, Float.NaN, 2f, 3f};
        int lanes = new VectorKernels().lanes();
        for (int width = 2; width <= 2 * lanes + 3; width++) {
            int channels = 1 + r.nextInt(3), height = 2 + r.nextInt(9), batch = 1 + r.nextInt(3);
            int oh = height / 2, ow = width / 2, out = channels * oh * ow, size = channels * height * width;
            float[] x = new float[batch * size];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(4) == 0 ? palette[r.nextInt(palette.length)] : r.nextFloat();
            }
            int[] corner = new int[out];
            for (int c = 0, o = 0; c < channels; c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        corner[o] = (c * height + 2 * i) * width + 2 * j;
                    }
                }
            }
            for (boolean byRows : new boolean[] {false, true}) {
                float[] y = new float[batch * out];
                int[] argmax = new int[batch * out];
                for (int n = 0; n < batch; n++) {
                    VectorMaxPool.maxPool2(x, n * size, corner, width, ow, y, argmax, n * out, out, byRows);
                }
                for (int n = 0, o = 0; n < batch; n++) {
                    for (int q = 0; q < out; q++, o++) {
                        int expected = firstMaximum(x, n * size, width, corner[q] / width, corner[q] % width, 2);
                        assertThat(argmax[o]).as("width %d, by rows %s, window %d", width, byRows, o).isEqualTo(expected);
                        assertThat(Float.floatToRawIntBits(y[o])).isEqualTo(Float.floatToRawIntBits(x[expected]));
                    }
                }
            }
        }
    }

    private static void picksTheFirstMaximumOrTheFirstNaN(Kernels kernels, int batch, int channels, int height, int width,
                                                          int k) {
        Random r = new Random(7);
        float[] palette = {0f, -0f, 1f, -1f, 0.5f, Float.NaN};
        Tensor x = new Tensor(batch, channels * height * width);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = palette[r.nextInt(palette.length)];
        }
        int oh = height / k, ow = width / k;
        Tensor y = new Tensor(batch, channels * oh * ow);
        int[] argmax = new int[y.size()];
        PoolOps.maxPool(kernels, x, channels, height, width, k, y, argmax);
        int o = 0;
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        int expected = firstMaximum(x.data, (n * channels + c) * height * width, width, i * k, j * k, k);
                        assertThat(argmax[o]).as("%s window %d", kernels.name(), o).isEqualTo(expected);
                        assertThat(Float.floatToRawIntBits(y.data[o])).isEqualTo(Float.floatToRawIntBits(x.data[expected]));
                    }
                }
            }
        }
    }

    private static int firstMaximum(float[] x, int base, int width, int row, int col, int k) {
        int best = -1;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                int i = base + (row + a) * width + col + b;
                if (Float.isNaN(x[i])) {
                    return i;
                }
                if (best < 0 || x[i] > x[best]) {
                    best = i;
                }
            }
        }
        return best;
    }
}
