package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Ops#addScaled} (the elastic field's smoothing): both kernel kinds give the plain loop's bits,
 * at offsets either way within one array and across two, on lengths around the vector width; nothing
 * outside the range is written.
 */
class AddScaledTest {
    @Test
    void bothKindsGiveThePlainLoopsBits() {
        Random r = new Random(59);
        int lanes = new VectorKernels().lanes();
        for (int n : new int[] {0, 1, lanes - 1, lanes, lanes + 1, 5 * lanes + 7}) {
            for (int shift : new int[] {-13, 0, 11}) {
                float[] x = random(r, n + 40), y = random(r, n + 40);
                float a = (float) r.nextGaussian();
                int yOff = 20, xOff = 20 + shift;
                float[] expected = y.clone();
                for (int i = 0; i < n; i++) {
                    expected[yOff + i] += a * x[xOff + i];
                }
                for (Kernels kernels : new Kernels[] {new ScalarKernels(), new VectorKernels()}) {
                    float[] got = y.clone();
                    kernels.addScaled(got, yOff, x, xOff, a, n);
                    for (int i = 0; i < got.length; i++) {
                        assertThat(Float.floatToRawIntBits(got[i])).as("%s n %d shift %d [%d]", kernels.name(), n, shift, i)
                                .isEqualTo(Float.floatToRawIntBits(expected[i]));
                    }
                }
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
