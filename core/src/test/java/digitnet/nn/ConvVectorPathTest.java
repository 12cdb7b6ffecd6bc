package digitnet.nn;

import static digitnet.nn.GradientCheckTest.random;
import static digitnet.nn.GradientCheckTest.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.ConvGeometry;
import digitnet.tensor.Im2ColConv;
import digitnet.tensor.KernelChoice;
import digitnet.tensor.Tensor;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv2d on the path {@code --preset cnn} takes: with the vector kernels and 16, 32 or 64 output
 * channels, or 8 when its weight gradient goes by dot products, it computes im2col products (tensor.Im2ColConv with RegisterTile), which
 * ImageLayersGradientTest's few channels never reach. Its input, weight and bias gradients against
 * central differences of L = sum(y * R), and its output and gradients against PyTorch in float64
 * ({@link ConvTorchReference}). The weights' gradient is taken as dot products along the pixels for
 * the first layer (16 x 9 pairs) and as products with dY transposed for the others
 * (Im2ColConv.byDots): both are checked.
 */
class ConvVectorPathTest {
    /** batch, in channels, height, width, out channels, kernel, stride, padding. */
    static final int[][] CASES = {
        {3, 1, 10, 9, 16, 3, 1, 1},     // --preset cnn's three convolutions (3x3, padding 1) on small images
        {2, 16, 7, 7, 32, 3, 1, 1},
        {2, 32, 5, 5, 64, 3, 1, 1},
        {2, 16, 9, 8, 32, 3, 2, 0},     // and one with stride 2, no padding
        {3, 1, 12, 11, 8, 5, 1, 0}};    // the budgeted cnn's first layer at width 8: fewer outputs than a vector, by dots
    /**
     * The layer is linear in x and in W, so a difference of any width is exact but for float
     * rounding; a wide one keeps that rounding small beside the change it measures (the differences
     * found stay under a fifteenth of the tolerance).
     */
    static final float EPS = 0.5f;
    /** Positions checked per tensor (all of them when it has fewer), drawn from the case's seed. */
    static final int POSITIONS = 150;

    /**
     * Fails unless Conv2d with {@code outChannels} outputs takes the im2col path: the vector
     * kernels, which this asks for, and a channel count they fit (Conv2d.forward: im2col =
     * Im2ColConv.fits). A JVM started with {@code -Ddigitnet.kernels=scalar} ({@code .ci/subset
     * scalar}) must take the im2row path instead, which the same references then check.
     */
    static void requireExpectedPath(ConvGeometry g, int outChannels) {
        boolean scalar = "scalar".equals(System.getProperty("digitnet.kernels"));
        if (!scalar) {
            KernelChoice.use("vector");     // throws when the scalar kernels were chosen already
        }
        assertThat(KernelChoice.activeKind()).isEqualTo(scalar ? "scalar" : "vector");
        assertThat(Im2ColConv.fits(g, outChannels)).as("Conv2d with %d outputs takes the im2col path", outChannels)
                .isEqualTo(!scalar);
    }

    /** One case's layer and data, drawn from its seed: weights at He's scale, x and R standard normal. */
    record Drawn(int[] shape, Conv2d conv, Tensor x, Tensor r) {
        static Drawn of(int[] s) {
            requireExpectedPath(new ConvGeometry(s[1], s[2], s[3], s[5], s[6], s[7]), s[4]);
            Random r = new Random(31L * s[4] + s[1] * 7L + s[2] + s[6]);
            Conv2d conv = new Conv2d(Shape.of(s[1], s[2], s[3]), s[4], s[5], s[6], s[7], true);
            int patch = s[1] * s[5] * s[5];
            conv.weight().copyFrom(random(s[4], patch, r, (float) Math.sqrt(2.0 / patch)));
            conv.bias().copyFrom(random(1, s[4], r, 0.5f));
            Tensor x = random(s[0], s[1] * s[2] * s[3], r, 1f);
            return new Drawn(s, conv, x, random(s[0], conv.outputs(), r, 1f));
        }
    }

    static int[][] cases() {
        return CASES;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradientsAgreeWithFiniteDifferences(int[] shape) {
        Drawn d = Drawn.of(shape);
        Conv2d conv = d.conv();
        conv.forward(d.x(), true);
        Tensor dX = conv.backward(d.r()).copy();
        Tensor dW = conv.parameters().get(0).grad().copy();
        Tensor dB = conv.parameters().get(1).grad().copy();
        DoubleSupplier f = () -> weighted(conv.forward(d.x(), true), d.r());
        Random positions = new Random(shape[4] + 1000L * shape[1]);
        check("dX", d.x(), dX, f, positions);
        check("dW", conv.weight(), dW, f, positions);
        check("dB", conv.bias(), dB, f, positions);
    }

    @Test
    void outputAndGradientsAgreeWithPyTorchInFloat64() throws Exception {
        ConvTorchReference.check(CASES);
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
