package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops#tapSum} (the elastic field's smoothing): both kernel kinds give the plain loop's bits (each sum
 * from 0, over the taps in order, a product then a sum), along a row (stride 1) and down columns (stride a
 * row), on lengths around the vector width and at offsets; nothing outside the output range is written.
 */
class TapSumTest {
    @Test
    void bothKindsGiveThePlainLoopsBits() {
        Random r = new Random(59);
        int lanes = new VectorKernels().lanes();
        for (int n : new int[] {0, 1, lanes - 1, lanes, lanes + 1, 5 * lanes + 7}) {
            for (int stride : new int[] {1, 28, 3 * lanes + 1}) {
                for (int taps : new int[] {1, 3, 23}) {
                    float[] w = random(r, taps);
                    int xOff = r.nextInt(5), yOff = 3 + r.nextInt(5);
                    float[] x = random(r, xOff + n + (taps - 1) * stride + 2), y = random(r, yOff + n + 4);
                    float[] expected = y.clone();
                    for (int i = 0; i < n; i++) {
                        float sum = 0f;
                        for (int k = 0; k < taps; k++) {
                            sum = sum + w[k] * x[xOff + i + k * stride];
                        }
                        expected[yOff + i] = sum;
                    }
                    for (Kernels kernels : new Kernels[] {new ScalarKernels(), new VectorKernels()}) {
                        float[] got = y.clone();
                        kernels.tapSum(got, yOff, x, xOff, stride, w, n);
                        for (int i = 0; i < got.length; i++) {
                            assertThat(Float.floatToRawIntBits(got[i]))
                                    .as("%s n %d stride %d taps %d [%d]", kernels.name(), n, stride, taps, i)
                                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aFilterDownColumnsIsTheSameAsAlongTheTransposedRows() {
        Random r = new Random(61);
        int rows = 9, cols = 7;
        float[] w = random(r, 5);
        float[] framed = new float[(rows + 4) * cols];      // 2 zero rows above and below
        float[] framedT = new float[(cols + 4) * rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float v = (float) r.nextGaussian();
                framed[(i + 2) * cols + j] = v;
                framedT[(j + 2) * rows + i] = v;
            }
        }
        float[] down = new float[rows * cols], along = new float[rows * cols];
        Ops.tapSum(down, 0, framed, 0, cols, w, rows * cols);
        Ops.tapSum(along, 0, framedT, 0, rows, w, rows * cols);   // along[j][i]: the filter down column j of the transposed
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float sum = 0f;
                for (int k = 0; k < 5; k++) {
                    int ii = i + k - 2;
                    sum = sum + w[k] * (ii < 0 || ii >= rows ? 0f : framed[(ii + 2) * cols + j]);
                }
                assertThat(down[i * cols + j]).isEqualTo(sum);
                float sumT = 0f;
                for (int k = 0; k < 5; k++) {
                    int jj = j + k - 2;
                    sumT = sumT + w[k] * (jj < 0 || jj >= cols ? 0f : framed[(i + 2) * cols + jj]);
                }
                assertThat(along[j * rows + i]).isEqualTo(sumT);
            }
        }
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}
