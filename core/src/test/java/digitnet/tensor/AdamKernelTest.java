package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Adam step kernel: the vector and scalar kinds give the same bits (the same operations in the
 * same order, no fused multiply-add), equal to the textbook formula whenever nothing is subnormal,
 * and moments that would be subnormal become 0. Seeded random cases, lengths around the vector width.
 */
class AdamKernelTest {
    private static final float B1 = 0.9f, B2 = 0.999f, EPS = 1e-8f;

    @Test
    void bothKindsGiveTheFormulasBits() {
        Random r = new Random(53);
        int lanes = new VectorKernels().lanes();
        for (int n : new int[] {1, lanes - 1, lanes, lanes + 1, 3 * lanes + 5, 101}) {
            for (int t = 1; t <= 3; t++) {
                float[] m = random(r, n, 0.1f), v = abs(random(r, n, 0.01f)), w = random(r, n, 1f), dw = random(r, n, 1f);
                float lr = 0.01f, decay = t == 2 ? 0.1f : 0f;
                float c1 = (float) (1 - Math.pow(B1, t)), c2 = (float) (1 - Math.pow(B2, t));
                float[][] scalar = step(new ScalarKernels(), m, v, w, dw, lr, decay, c1, c2);
                float[][] vector = step(new VectorKernels(), m, v, w, dw, lr, decay, c1, c2);
                for (int i = 0; i < n; i++) {
                    float g = dw[i] + decay * w[i];
                    float mi = B1 * m[i] + (1 - B1) * g, vi = B2 * v[i] + (1 - B2) * g * g;
                    float wi = w[i] - lr * (mi / c1) / ((float) Math.sqrt(vi / c2) + EPS);
                    String at = "n " + n + " step " + t + " [" + i + "]";
                    assertThat(scalar[0][i]).as("scalar m " + at).isEqualTo(mi);
                    assertThat(scalar[1][i]).as("scalar v " + at).isEqualTo(vi);
                    assertThat(scalar[2][i]).as("scalar w " + at).isEqualTo(wi);
                    for (int k = 0; k < 3; k++) {
                        assertThat(Float.floatToRawIntBits(vector[k][i])).as("vector = scalar, slot " + k + " " + at)
                                .isEqualTo(Float.floatToRawIntBits(scalar[k][i]));
                    }
                }
            }
        }
    }

    @Test
    void subnormalMomentsBecomeZero() {
        int n = 2 * new VectorKernels().lanes() + 3;
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), new VectorKernels()}) {
            float[] m = new float[n], v = new float[n], w = new float[n], dw = new float[n];
            for (int i = 0; i < n; i++) {
                m[i] = (i % 2 == 0 ? 1 : -1) * Float.MIN_NORMAL * 1.05f;    // one step of 0.9 from subnormal
                v[i] = i % 3 == 0 ? Float.MIN_NORMAL * 1.0005f : 1e-3f;     // one step of 0.999 from subnormal
            }
            kernels.adam(m, v, w, dw, 0, n, 0.001f, 0f, B1, B2, 0.5f, 0.5f, EPS);
            for (int i = 0; i < n; i++) {
                assertThat(m[i]).as("%s m[%d]", kernels.name(), i).isZero();
                if (i % 3 == 0) {
                    assertThat(v[i]).as("%s v[%d]", kernels.name(), i).isZero();
                } else {
                    assertThat(v[i]).as("%s v[%d]", kernels.name(), i).isEqualTo(B2 * 1e-3f);
                }
                assertThat(w[i]).as("%s w[%d]", kernels.name(), i).isZero();
            }
        }
    }

    /** A kernel called on [from, to) gives the formula's bits there and touches nothing outside it. */
    @Test
    void aRangeTouchesNothingOutsideIt() {
        Random r = new Random(59);
        int n = 5 * 4096 + 7, from = 37, to = 37 + 3 * new VectorKernels().lanes() + 2;
        float[] m = random(r, n, 0.1f), v = abs(random(r, n, 0.01f)), w = random(r, n, 1f), dw = random(r, n, 1f);
        float[][] whole = step(new ScalarKernels(), m, v, w, dw, 0.01f, 0.1f, 0.19f, 0.002f);
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), new VectorKernels()}) {
            float[] m2 = m.clone(), v2 = v.clone(), w2 = w.clone();
            kernels.adam(m2, v2, w2, dw, from, to, 0.01f, 0.1f, B1, B2, 0.19f, 0.002f, EPS);
            for (int i = 0; i < n; i++) {
                boolean inside = i >= from && i < to;
                assertThat(w2[i]).as("%s w[%d]", kernels.name(), i).isEqualTo(inside ? whole[2][i] : w[i]);
                assertThat(m2[i]).as("%s m[%d]", kernels.name(), i).isEqualTo(inside ? whole[0][i] : m[i]);
                assertThat(v2[i]).as("%s v[%d]", kernels.name(), i).isEqualTo(inside ? whole[1][i] : v[i]);
            }
        }
    }

    /** A first moment still normal but under MOMENT_FLOOR becomes 0: lr x m would be subnormal. */
    @Test
    void aFirstMomentUnderTheFloorBecomesZero() {
        int n = 2 * new VectorKernels().lanes() + 3;
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), new VectorKernels()}) {
            float[] m = new float[n], v = new float[n], w = new float[n], dw = new float[n];
            for (int i = 0; i < n; i++) {
                m[i] = (i % 2 == 0 ? 1 : -1) * (i % 3 == 0 ? 1e-33f : Ops.MOMENT_FLOOR * 1.2f);   // 0.9 m: under, above
                v[i] = 1e-3f;
                w[i] = 0.5f;
            }
            kernels.adam(m, v, w, dw, 0, n, 0.001f, 0f, B1, B2, 0.5f, 0.5f, EPS);
            for (int i = 0; i < n; i++) {
                if (i % 3 == 0) {
                    assertThat(m[i]).as("%s m[%d]", kernels.name(), i).isZero();
                } else {
                    assertThat(m[i]).as("%s m[%d]", kernels.name(), i).isEqualTo((i % 2 == 0 ? 1 : -1) * Ops.MOMENT_FLOOR * 1.2f * B1);
                }
                assertThat(w[i]).as("%s w[%d]", kernels.name(), i).isEqualTo(0.5f);
            }
        }
    }

    private static float[][] step(Kernels kernels, float[] m, float[] v, float[] w, float[] dw, float lr, float decay,
                                  float c1, float c2) {
        float[] m2 = m.clone(), v2 = v.clone(), w2 = w.clone();
        kernels.adam(m2, v2, w2, dw, 0, m.length, lr, decay, B1, B2, c1, c2, EPS);
        return new float[][] {m2, v2, w2};
    }

    private static float[] random(Random r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian() * scale;
        }
        return a;
    }

    private static float[] abs(float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }
}
