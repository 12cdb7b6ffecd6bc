package digitnet.nn;

import static digitnet.nn.GradientCheckTest.random;
import static digitnet.nn.GradientCheckTest.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.ConvKernels;
import digitnet.tensor.KernelChoice;
import digitnet.tensor.Tensor;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Conv2d on the path {@code --preset cnn} takes: with the vector kernels and 16, 32 or 64 output
 * channels it computes im2col products (tensor.ConvKernels with ConvTiles), which ImageLayersGradientTest's
 * few channels never reach. Its input, weight and bias gradients against central differences of
 * L = sum(y * R). The layer is linear in x and in W, so a difference of any width is exact but for
 * float rounding; a wide one (0.5) keeps that rounding small beside the change it measures (the
 * differences found are within 1.2e-5 of the gradients, a twentieth of the tolerance). The
 * weights' gradient is taken as dot products along the pixels for the first layer (16 x 9 pairs) and
 * as products with dY transposed for the others (ConvKernels.byDots): both are checked.
 */
class ConvIm2colGradientTest {
    static final float EPS = 0.5f;
    /** Positions checked per tensor (all of them when it has fewer), drawn from the case's seed. */
    static final int POSITIONS = 150;

    /** Fails unless Conv2d with {@code outChannels} outputs takes the im2col path in this JVM. */
    static void requireIm2colPath(int outChannels) {
        KernelChoice.use("vector");         // throws when the scalar kernels were chosen already
        assertThat(KernelChoice.activeKind()).isEqualTo("vector");
        // Conv2d.forward: im2col = ConvKernels.fits(outChannels)
        assertThat(ConvKernels.fits(outChannels)).as("Conv2d with %d outputs takes the im2col path", outChannels).isTrue();
    }

    /** A convolution with weights and bias drawn at He's scale from {@code r}. */
    static Conv2d conv(int c, int h, int w, int out, int k, int stride, int pad, Random r) {
        Conv2d conv = new Conv2d(Shape.of(c, h, w), out, k, stride, pad, true);
        conv.weight().copyFrom(random(out, c * k * k, r, (float) Math.sqrt(2.0 / (c * k * k))));
        conv.bias().copyFrom(random(1, out, r, 0.5f));
        return conv;
    }

    @ParameterizedTest
    @CsvSource({
        // batch, in channels, height, width, out channels, kernel, stride, padding
        "3, 1, 10, 9, 16, 3, 1, 1",      // --preset cnn's convolutions (3x3, padding 1) on small images
        "2, 16, 7, 7, 32, 3, 1, 1",
        "2, 32, 5, 5, 64, 3, 1, 1",
        "2, 16, 9, 8, 32, 3, 2, 0"})
    void gradientsAgreeWithFiniteDifferences(int batch, int c, int h, int w, int out, int k, int stride, int pad) {
        requireIm2colPath(out);
        Random r = new Random(31L * out + c * 7L + h);
        Conv2d conv = conv(c, h, w, out, k, stride, pad, r);
        Tensor x = random(batch, c * h * w, r, 1f);
        Tensor rw = random(batch, conv.outputs(), r, 1f);
        conv.forward(x, true);
        Tensor dX = conv.backward(rw).copy();
        Tensor dW = conv.parameters().get(0).grad().copy();
        Tensor dB = conv.parameters().get(1).grad().copy();
        DoubleSupplier f = () -> weighted(conv.forward(x, true), rw);
        check("dX", x, dX, f, r);
        check("dW", conv.weight(), dW, f, r);
        check("dB", conv.bias(), dB, f, r);
    }

    /** Central differences at {@link #POSITIONS} seeded positions of t, the first and the last among them. */
    static void check(String what, Tensor t, Tensor g, DoubleSupplier f, Random r) {
        int n = t.size(), count = Math.min(n, POSITIONS);
        for (int j = 0; j < count; j++) {
            int i = count == n ? j : j == 0 ? 0 : j == 1 ? n - 1 : r.nextInt(n);
            float orig = t.data[i];
            float up = orig + EPS, down = orig - EPS;
            t.data[i] = up;
            double fUp = f.getAsDouble();
            t.data[i] = down;
            double fDown = f.getAsDouble();
            t.data[i] = orig;
            double numeric = (fUp - fDown) / ((double) up - down);
            assertThat((double) g.data[i]).as("%s[%d]", what, i).isCloseTo(numeric, within(2e-4 + 1e-5 * Math.abs(numeric)));
        }
    }
}
