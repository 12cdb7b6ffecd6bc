package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rotation and shift against an independent reference: Java2D's {@link AffineTransform} maps each
 * output pixel to its source position (a rotation about the image centre, then the shift), read by a
 * double-precision bilinear interpolation that is 0 outside the image. The angle and shift are the
 * generator's draws in the documented order: angle, then x shift, then y shift, image after image.
 */
class AugmenterGeometryTest {
    static final int H = 9, W = 13;           // not square: height and width must not be swapped

    private static double sourcePixel(float[] img, int i, int j) {
        return i < 0 || j < 0 || i >= H || j >= W ? 0 : img[i * W + j];
    }

    /** The source H x W image read bilinearly at (u, v), zero outside: the reference both Augmenter tests use. */
    static double bilinear(float[] img, double u, double v) {
        int j0 = (int) Math.floor(u), i0 = (int) Math.floor(v);
        double fu = u - j0, fv = v - i0;
        return (1 - fv) * (1 - fu) * sourcePixel(img, i0, j0) + (1 - fv) * fu * sourcePixel(img, i0, j0 + 1)
                + fv * (1 - fu) * sourcePixel(img, i0 + 1, j0) + fv * fu * sourcePixel(img, i0 + 1, j0 + 1);
    }

    private static float[] reference(float[] img, SplitMix64 draws, Augmenter.Settings s) {
        double angle = Math.toRadians((draws.nextDouble() * 2 - 1) * s.maxDegrees());
        double tx = (draws.nextDouble() * 2 - 1) * s.maxShift() * W;
        double ty = (draws.nextDouble() * 2 - 1) * s.maxShift() * H;
        double cx = (W - 1) / 2.0, cy = (H - 1) / 2.0;
        AffineTransform toSource = AffineTransform.getTranslateInstance(cx - tx, cy - ty);
        toSource.rotate(-angle);
        toSource.translate(-cx, -cy);
        float[] out = new float[H * W];
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                Point2D p = toSource.transform(new Point2D.Double(j, i), null);
                out[i * W + j] = (float) bilinear(img, p.getX(), p.getY());
            }
        }
        return out;
    }

    private static Tensor batch(int rows, long seed) {
        Random r = new Random(seed);
        Tensor x = new Tensor(rows, H * W);
        for (int k = 0; k < x.size(); k++) {
            x.data[k] = r.nextFloat();
        }
        return x;
    }

    @Test
    void rotationAndShiftMatchTheAffineReference() {
        Augmenter.Settings s = new Augmenter.Settings(0.2, 30, 0, 0);
        Tensor x = batch(4, 1);
        Tensor original = x.copy();
        new Augmenter(H, W, s).apply(x, new Random(99));
        Random seeds = new Random(99);   // apply draws one seed per row, and each row's distortion from it
        for (int r = 0; r < 4; r++) {
            float[] img = java.util.Arrays.copyOfRange(original.data, r * H * W, (r + 1) * H * W);
            float[] expected = reference(img, new SplitMix64(seeds.nextLong()), s);
            for (int k = 0; k < H * W; k++) {
                assertThat(x.data[r * H * W + k]).as("image %d pixel (%d, %d)", r, k / W, k % W)
                        .isCloseTo(expected[k], within(2e-4f));
            }
        }
    }

    @Test
    void onlyTheRowsInUseAreDistorted() {
        Tensor x = batch(3, 2);
        Tensor original = x.copy();
        x.setRows(1);
        new Augmenter(H, W, new Augmenter.Settings(0.2, 30, 0, 0)).apply(x, new Random(5));
        assertThat(java.util.Arrays.copyOfRange(x.data, H * W, 3 * H * W))
                .containsExactly(java.util.Arrays.copyOfRange(original.data, H * W, 3 * H * W));
        assertThat(java.util.Arrays.copyOf(x.data, H * W)).isNotEqualTo(java.util.Arrays.copyOf(original.data, H * W));
    }

    /** A uniform image stays uniform inside under an elastic field alone: interpolating a constant gives it back. */
    @Test
    void theElasticFieldMovesInkButKeepsAUniformImageUniformAwayFromTheBorder() {
        int n = 28;
        Augmenter.Settings elastic = new Augmenter.Settings(0, 0, 0.6, 0.12);
        Tensor flat = new Tensor(1, n * n);
        flat.fill(0.7f);
        new Augmenter(n, n, elastic).apply(flat, new Random(3));
        for (int i = 8; i < 20; i++) {
            for (int j = 8; j < 20; j++) {
                assertThat(flat.get(0, i * n + j)).isCloseTo(0.7f, within(1e-5f));
            }
        }
        Tensor stripes = new Tensor(1, n * n);
        for (int k = 0; k < n * n; k++) {
            stripes.data[k] = (k % n) % 4 < 2 ? 1f : 0f;
        }
        Tensor before = stripes.copy();
        new Augmenter(n, n, elastic).apply(stripes, new Random(3));
        assertThat(stripes.data).isNotEqualTo(before.data);
    }

    @Test
    void settingsAreCheckedAtTheEdgesOfTheirRanges() {
        assertThatCode(() -> new Augmenter.Settings(0.49, 180, 9.9, 0.99)).doesNotThrowAnyException();
        assertThatCode(() -> new Augmenter.Settings(0, 0, 0, 0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Augmenter.Settings(0.5, 8, 0.6, 0.12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(-0.01, 8, 0.6, 0.12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(0.04, 180.5, 0.6, 0.12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(0.04, -1, 0.6, 0.12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(0.04, 8, 10, 0.12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(0.04, 8, -0.1, 0.12)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(0.04, 8, 0.6, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(0.04, 8, 0.6, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Augmenter.Settings(Double.NaN, 8, 0.6, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Augmenter.Settings.standard()).isEqualTo(new Augmenter.Settings(0.04, 8, 0.6, 0.12));
        assertThatThrownBy(() -> new Augmenter(H, W, Augmenter.Settings.standard()).apply(new Tensor(1, H * W + 1), new Random(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch has 118 columns, images have 117 pixels");
    }
}
