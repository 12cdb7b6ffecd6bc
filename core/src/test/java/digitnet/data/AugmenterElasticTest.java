package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The elastic distortion (Simard et al. 2003) against a float64 reference written from its
 * description: after the angle and shift draws, a uniform(-1, 1) noise image for x, then one for y,
 * each smoothed by a 2-D Gaussian of sigma x the longer side (truncated at 3 sigma, normalised over
 * its whole support, zero outside the image) and scaled by alpha x the longer side; each output
 * pixel is the source read bilinearly at its own position plus that displacement.
 */
class AugmenterElasticTest {
    private static final int H = AugmenterGeometryTest.H, W = AugmenterGeometryTest.W;

    private static double bilinear(float[] img, double u, double v) {
        return AugmenterGeometryTest.bilinear(img, u, v);     // the same H x W reference
    }

    /** The noise of {@code draws} smoothed in two dimensions at once and scaled. */
    private static double[] field(SplitMix64 draws, double sigmaPx, double scale) {
        double[] noise = new double[H * W];
        for (int k = 0; k < noise.length; k++) {
            noise[k] = draws.nextFloat() * 2 - 1;
        }
        int radius = (int) Math.ceil(3 * sigmaPx);
        double norm = 0;
        for (int k = -radius; k <= radius; k++) {
            norm += Math.exp(-(double) k * k / (2 * sigmaPx * sigmaPx));
        }
        double[] out = new double[H * W];
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                double s = 0;
                for (int a = -radius; a <= radius; a++) {
                    for (int b = -radius; b <= radius; b++) {
                        int y = i + a, x = j + b;
                        if (y >= 0 && y < H && x >= 0 && x < W) {
                            s += Math.exp(-(double) (a * a + b * b) / (2 * sigmaPx * sigmaPx)) / (norm * norm) * noise[y * W + x];
                        }
                    }
                }
                out[i * W + j] = s * scale;
            }
        }
        return out;
    }

    private static float[] reference(float[] img, SplitMix64 draws, Augmenter.Settings s) {
        draws.nextDouble();     // angle
        draws.nextDouble();     // x shift
        draws.nextDouble();     // y shift
        int side = Math.max(H, W);
        double[] dx = field(draws, s.sigma() * side, s.alpha() * side);
        double[] dy = field(draws, s.sigma() * side, s.alpha() * side);
        float[] out = new float[H * W];
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                out[i * W + j] = (float) bilinear(img, j + dx[i * W + j], i + dy[i * W + j]);
            }
        }
        return out;
    }

    @Test
    void theDisplacementIsSmoothedNoiseScaledToTheImage() {
        Augmenter.Settings elastic = new Augmenter.Settings(0, 0, 0.5, 0.12);
        Random r = new Random(3);
        Tensor x = new Tensor(3, H * W);
        for (int k = 0; k < x.size(); k++) {
            x.data[k] = r.nextFloat();
        }
        Tensor original = x.copy();
        new Augmenter(H, W, elastic).apply(x, new Random(11));
        Random seeds = new Random(11);   // apply draws one seed per row, and each row's distortion from it
        double moved = 0;
        for (int row = 0; row < 3; row++) {
            float[] img = new float[H * W];
            System.arraycopy(original.data, row * H * W, img, 0, H * W);
            float[] want = reference(img, new SplitMix64(seeds.nextLong()), elastic);
            for (int k = 0; k < H * W; k++) {
                assertThat(x.data[row * H * W + k]).as("image %d, pixel %d", row, k).isCloseTo(want[k], within(2e-5f));
                moved += Math.abs(want[k] - img[k]);
            }
        }
        assertThat(moved / (3 * H * W)).as("mean change per pixel").isGreaterThan(0.05);
    }

    @Test
    void aNarrowKernelStillDisplaces() {
        // sigma x side under a third of a pixel: a kernel of radius 1
        Augmenter.Settings elastic = new Augmenter.Settings(0, 0, 0.3, 0.02);
        float[] img = new float[H * W];
        Random r = new Random(4);
        for (int k = 0; k < img.length; k++) {
            img[k] = r.nextFloat();
        }
        Tensor x = new Tensor(1, H * W);
        System.arraycopy(img, 0, x.data, 0, img.length);
        new Augmenter(H, W, elastic).apply(x, new Random(8));
        float[] want = reference(img, new SplitMix64(new Random(8).nextLong()), elastic);   // the row's own seed
        for (int k = 0; k < H * W; k++) {
            assertThat(x.data[k]).as("pixel %d", k).isCloseTo(want[k], within(2e-5f));
        }
    }
}
