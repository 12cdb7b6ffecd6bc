package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The per-sample im2col convolution ({@link Im2ColConv}), with the vector and with the scalar
 * kernels, against the im2row formulation built from {@link Im2Row} and {@link MatMul} (the one
 * the gradient checks cover), forward and both gradients, with padding, stride and kernels of 1,
 * 3 and 5; and the same bits at any thread count.
 */
class Im2ColConvTest {
    private static final List<Kernels> KINDS = List.of(new ScalarKernels(), new VectorKernels());

    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * The input gradient with each row of W^T dY_n added in place at the input rows ({@link
     * Kernels#gemmPackedAddInputRows}, rows by tap then channel) gives, for both kinds, the bits of the product
     * written to dCols at the input's row pitch ({@code gemmPacked}) and then added by col2im in its order; which
     * is the plain col2im's sum. The vector kind keeps that order where a tile's 8 rows are 8 channels (C >= 8);
     * with fewer channels a tile holds several taps of a channel, added by blocks of columns: the same sums to
     * rounding. Row counts with and without a last partial block of 8; the Keras convnet's second layer, whose last
     * row reaches 3 floats past the sample (added in scratch); every float of dX written (it starts as NaN).
     */
    @ParameterizedTest
    @CsvSource({"32, 13, 13, 3, 64", "16, 12, 12, 3, 32", "12, 10, 10, 3, 24", "8, 12, 12, 3, 16", "3, 10, 18, 3, 5",
                "1, 28, 28, 5, 20", "2, 5, 17, 2, 3", "4, 6, 6, 1, 9"})
    void inputGradientAddedAtInputRowsHasCol2imsBits(int c, int h, int w, int k, int out) {
        ConvGeometry g = new ConvGeometry(c, h, w, k, 1, 0);
        int batch = 2, patch = g.patch(), pix = g.outArea();
        assertThat(Im2ColConv.byInputRows(new VectorKernels(), g)).as("%s by input rows", g).isTrue();
        for (Kernels kernels : KINDS) {
            if (!Im2ColConv.byInputRows(kernels, g)) {
                continue;              // the scalar kind lays out by pixels where its pitch widens more
            }
            int pitch = Im2ColConv.pitchedPixels(kernels, g), pad = Im2ColConv.paddedPixels(kernels, g);
            Tensor weight = random(out, patch, 8), dY = random(batch, out * pix, 9);
            float[] packed = new float[kernels.packedRowsSize(patch, out)];
            kernels.packRows(weight.data, 0, 1, patch, patch, out, packed);          // W^T, rows by channel then tap
            float[] expected = new float[batch * g.inSize()];
            for (int n = 0; n < batch; n++) {
                float[] dYRows = new float[out * pitch], dCols = new float[patch * pitch];
                float[] dYPad = new float[out * pad], dColsPad = new float[patch * pad];
                for (int o = 0; o < out; o++) {
                    for (int p = 0; p < pix; p++) {
                        float v = dY.data[(n * out + o) * pix + p];
                        dYRows[o * pitch + p / g.outWidth() * w + p % g.outWidth()] = v;
                        dYPad[o * pad + p] = v;
                    }
                }
                kernels.gemmPacked(packed, patch, dYRows, 0, pitch, dCols, 0, pitch, null, Kernels.Start.ZERO, out, pitch,
                        0, patch);
                col2imRows(g, pitch, dCols, expected, n * g.inSize());
                kernels.gemmPacked(packed, patch, dYPad, 0, pad, dColsPad, 0, pad, null, Kernels.Start.ZERO, out, pad,
                        0, patch);
                float[] plain = new float[g.inSize()];
                Im2Col.col2im(g, pad, dColsPad, plain, 0);
                assertThat(java.util.Arrays.mismatch(java.util.Arrays.copyOfRange(expected, n * g.inSize(),
                        (n + 1) * g.inSize()), plain)).as("%s %s: col2im by runs against col2im", kernels.name(), g)
                        .isEqualTo(-1);
            }
            Tensor dX = new Tensor(batch, g.inSize());
            java.util.Arrays.fill(dX.data, Float.NaN);
            Im2ColConv.inputGradient(kernels, dY, g, weight, dX);
            if (c >= 8 || kernels.lanes() == 1) {
                assertThat(java.util.Arrays.mismatch(java.util.Arrays.copyOf(dX.data, expected.length), expected))
                        .as("%s %s -> %d: first float of dX that differs", kernels.name(), g, out).isEqualTo(-1);
            } else {
                for (int i = 0; i < expected.length; i++) {
                    assertThat(dX.data[i]).as("%s %s -> %d: dX[%d]", kernels.name(), g, out, i)
                            .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-5f * (1 + Math.abs(expected[i]))));
                }
            }
        }
    }

    /**
     * col2im from dCols laid out by input rows (row (c, kh, kw) of pitch floats, output pixel (oh, ow) at oh * W +
     * ow, 0 past OW): each row's first (OH - 1) * W + OW floats added as one run at kh * W + kw, in the order of
     * c, kh, kw; the order Im2ColConv's input gradient is held to.
     */
    private static void col2imRows(ConvGeometry g, int pitch, float[] dCols, float[] dX, int x0) {
        int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel();
        int run = (g.outHeight() - 1) * W + g.outWidth();
        java.util.Arrays.fill(dX, x0, x0 + C * H * W, 0f);
        for (int c = 0, r = 0; c < C; c++) {
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0; kw < K; kw++, r += pitch) {
                    for (int i = 0, to = x0 + c * H * W + kh * W + kw; i < run; i++) {
                        dX[to + i] += dCols[r + i];
                    }
                }
            }
        }
    }

    /**
     * The weight gradient's product with cols read in place from the input ({@link Kernels#gemmInputRows}) gives
     * gemmBlock's bits on the cols im2col makes, accumulated over two samples, for both kinds: 4 x 4, 8 x 2 and 8 x 1
     * tiles, rows past the last 4 and 8, a range of rows that starts and ends inside a tile; rows outside the range are
     * not written.
     */
    @ParameterizedTest
    @CsvSource({"32, 13, 13, 3, 4", "8, 12, 12, 3, 1", "3, 9, 7, 3, 3", "3, 9, 7, 3, 7", "1, 28, 28, 5, 1",
                "1, 28, 28, 5, 4", "2, 5, 17, 2, 2", "5, 6, 6, 1, 1"})
    void gradientWithColsReadInPlaceHasGemmBlocksBits(int c, int h, int w, int k, int vectors) {
        ConvGeometry g = new ConvGeometry(c, h, w, k, 1, 0);
        int batch = 2, patch = g.patch();
        for (Kernels kernels : KINDS) {
            int out = vectors * Math.max(kernels.lanes(), 16), pad = Im2ColConv.paddedPixels(kernels, g);
            Tensor x = random(batch, g.inSize(), 6), b = random(batch * pad, out, 7);
            float[] cols = new float[batch * patch * pad];
            for (int n = 0; n < batch; n++) {
                kernels.im2col(g, pad, x.data, n * g.inSize(), cols, n * patch * pad);
                java.util.Arrays.fill(b.data, (n * pad + g.outArea()) * out, (n + 1) * pad * out, 0f);   // as dYT
            }
            int[] rowAt = Im2ColConv.rowAt(null, g);
            int[][] ranges = {{0, patch}, {Math.min(3, patch - 1), patch - patch / 3}};
            for (int[] range : ranges) {
                float[] expected = new float[patch * out], actual = new float[patch * out];
                java.util.Arrays.fill(actual, Float.NaN);
                for (int n = 0; n < batch; n++) {
                    Kernels.Start start = n == 0 ? Kernels.Start.ZERO : Kernels.Start.ACCUMULATE;
                    kernels.gemmBlock(cols, n * patch * pad, pad, 1, b.data, n * pad * out, out, expected, 0, out, null,
                            start, pad, out, range[0], range[1]);
                    kernels.gemmInputRows(x.data, n * g.inSize(), rowAt, g.width(), g.outHeight(), g.outWidth(), b.data,
                            n * pad * out, out, actual, out, n > 0, out, range[0], range[1]);
                }
                for (int i = 0; i < actual.length; i++) {
                    boolean inRange = i / out >= range[0] && i / out < range[1];
                    assertThat(Float.floatToRawIntBits(actual[i]))
                            .as("%s %s out %d rows %d..%d: element %d", kernels.name(), g, out, range[0], range[1], i)
                            .isEqualTo(Float.floatToRawIntBits(inRange ? expected[i] : Float.NaN));
                }
            }
        }
    }

    /**
     * The forward product with cols read in place from the input ({@link Kernels#gemmPackedInputRows}) gives the packed
     * product's bits on the cols im2col makes, for both kinds: 8 x 2 and 8 x 1 tiles, rows past the last 8 (3
     * outputs), output rows of 1 to 26 pixels. Then, with the vector kernels, where the forward pass takes that path,
     * every output of {@code Im2ColConv.forward} with no cols to keep has the bits of the one that keeps them.
     */
    @ParameterizedTest
    @CsvSource({"32, 13, 13, 3, 32", "8, 12, 12, 3, 16", "1, 28, 28, 5, 8", "3, 9, 7, 3, 3", "4, 7, 7, 7, 16",
                "16, 6, 6, 3, 24", "6, 5, 17, 2, 8"})
    void forwardWithColsReadInPlaceHasTheColsBits(int c, int h, int w, int k, int out) {
        ConvGeometry g = new ConvGeometry(c, h, w, k, 1, 0);
        int batch = 3, patch = g.patch(), OW = g.outWidth();
        for (Kernels kernels : KINDS) {
            Tensor x = random(batch, g.inSize(), 8), weight = random(out, patch, 9), bias = random(1, out, 10);
            int pad = Im2ColConv.paddedPixels(kernels, g), pitch = Im2ColConv.pitchedPixels(kernels, g);
            float[] packed = new float[kernels.packedRowsSize(out, patch)], cols = new float[patch * pad + 64];
            kernels.packRows(weight.data, 0, patch, 1, out, patch, packed);
            int[] rowAt = Im2ColConv.rowAt(null, g);
            for (int n = 0; n < batch; n++) {
                kernels.im2col(g, pad, x.data, n * g.inSize(), cols, 0);
                float[] expected = new float[out * pad + 64], actual = new float[out * pitch + 64];
                kernels.gemmPacked(packed, out, cols, 0, pad, expected, 0, pad, bias.data, Kernels.Start.ROW_BIAS, patch,
                        pad, 0, out);
                kernels.gemmPackedInputRows(packed, out, x.data, n * g.inSize(), rowAt, bias.data, actual, pitch, patch, pitch);
                for (int o = 0; o < out; o++) {
                    for (int pix = 0; pix < g.outArea(); pix++) {
                        assertThat(Float.floatToRawIntBits(actual[o * pitch + pix / OW * w + pix % OW]))
                                .as("%s %s out %d: sample %d, output %d, pixel %d", kernels.name(), g, out, n, o, pix)
                                .isEqualTo(Float.floatToRawIntBits(expected[o * pad + pix]));
                    }
                }
            }
            if (kernels.lanes() > 1) {
                assertThat(Im2ColConv.forwardReadsInPlace(kernels, g, out)).as("%s out %d reads in place", g, out).isTrue();
                Tensor viaCols = new Tensor(batch, out * g.outArea()), inPlace = new Tensor(batch, out * g.outArea());
                java.util.Arrays.fill(inPlace.data, Float.NaN);
                Im2ColConv.forward(kernels, x, g, weight, bias, new Tensor(batch, patch * pad), viaCols);
                Im2ColConv.forward(kernels, x, g, weight, bias, null, inPlace);
                assertThat(java.util.Arrays.mismatch(inPlace.data, 0, inPlace.size(), viaCols.data, 0, viaCols.size()))
                        .as("%s out %d: first y that differs", g, out).isEqualTo(-1);
            }
        }
    }

    record Result(Tensor y, Tensor dW, Tensor dB, Tensor dX) {}

    @ParameterizedTest
    @CsvSource({"3, 9, 7, 3, 1, 1, 1", "2, 10, 10, 3, 2, 0, 2", "1, 28, 28, 5, 1, 2, 1", "4, 6, 6, 1, 1, 0, 1",
                "32, 13, 13, 3, 1, 0, 4"})
    void agreesWithIm2rowAndMatMul(int c, int h, int w, int k, int s, int p, int vectors) {
        for (Kernels kernels : KINDS) {
            agreesWithIm2rowAndMatMul(kernels, new ConvGeometry(c, h, w, k, s, p), vectors * kernels.lanes());
        }
    }

    private static void agreesWithIm2rowAndMatMul(Kernels kernels, ConvGeometry g, int out) {
        Result fast = im2col(kernels, g, out, 3), ref = im2row(g, out);
        // the gradients of W and b sum batch*pixels terms, in another order than im2row's single
        // chain (lane-wise partial sums, or per-sample blocks): float rounding grows with the root of that
        float sums = (float) Math.sqrt(3.0 * g.outArea() / 16);
        close(fast.y, ref.y, "y", 1e-5f);
        close(fast.dW, ref.dW, "dWeight", 1e-5f * Math.max(1f, sums));
        close(fast.dB, ref.dB, "dBias", 1e-5f * Math.max(1f, sums));
        close(fast.dX, ref.dX, "dX", 1e-5f);
    }

    @ParameterizedTest
    @CsvSource({"32, 13, 13, 3, 1, 0, 2, 2", "3, 9, 7, 3, 2, 1, 1, 3", "1, 28, 28, 3, 1, 0, 2, 8"})
    void sameBitsAtAnyThreadCount(int c, int h, int w, int k, int s, int p, int vectors, int threads) {
        ConvGeometry g = new ConvGeometry(c, h, w, k, s, p);
        for (Kernels kernels : KINDS) {
            int out = vectors * kernels.lanes();
            Parallel.setThreads(1);
            Result one = im2col(kernels, g, out, 64);
            Parallel.setThreads(threads);
            Result many = im2col(kernels, g, out, 64);
            same(many.y, one.y, "y");
            same(many.dW, one.dW, "dWeight");
            same(many.dB, one.dB, "dBias");
            same(many.dX, one.dX, "dX");
        }
    }

    private static Tensor random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = r.nextFloat() * 2 - 1;
        }
        return t;
    }

    private static Result im2col(Kernels kernels, ConvGeometry g, int out, int batch) {
        Tensor x = random(batch, g.channels() * g.height() * g.width(), 1), weight = random(out, g.patch(), 2);
        Tensor bias = random(1, out, 3), dY = random(batch, out * g.outArea(), 4);
        int pad = Im2ColConv.paddedPixels(kernels, g);
        boolean kept = Im2ColConv.keepsCols(kernels, g, out), transposed = !Im2ColConv.byDots(kernels, g, out);   // as Conv2d
        Tensor cols = kept ? new Tensor(batch, g.patch() * pad) : null, y = new Tensor(batch, out * g.outArea());
        Tensor dYT = transposed ? new Tensor(batch * pad, out) : null, dWT = new Tensor(g.patch(), out), dX = new Tensor(batch, x.cols);
        Im2ColConv.forward(kernels, x, g, weight, bias, cols, y);
        Tensor dW = new Tensor(out, g.patch()), dB = new Tensor(1, out);
        Im2ColConv.weightGradient(kernels, x, cols, dY, g, dYT, dWT, dB);
        Im2ColConv.inputGradient(kernels, dY, g, weight, dX);
        Ops.transpose(dWT, dW);
        return new Result(y, dW, dB, dX);
    }

    private static Result im2row(ConvGeometry g, int out) {
        int batch = 3, pixels = g.outArea();
        Tensor x = random(batch, g.channels() * g.height() * g.width(), 1), weight = random(out, g.patch(), 2);
        Tensor bias = random(1, out, 3), dY = random(batch, out * pixels, 4);
        Tensor rows = new Tensor(batch * pixels, g.patch()), wT = new Tensor(g.patch(), out);
        Tensor yRows = new Tensor(batch * pixels, out), y = new Tensor(batch, out * pixels);
        Im2Row.im2row(x, g, rows);
        Ops.transpose(weight, wT);
        MatMul.multiplyAddBias(rows, wT, bias, yRows);
        Im2Row.transposeSamples(yRows, batch, pixels, out, y);
        Tensor dYRows = new Tensor(batch * pixels, out), dW = new Tensor(out, g.patch()), dB = new Tensor(1, out);
        Im2Row.transposeSamples(dY, batch, out, pixels, dYRows);
        MatMul.multiplyTransA(dYRows, rows, dW);
        Ops.sumRows(dYRows, dB);
        Tensor dRows = new Tensor(batch * pixels, g.patch()), dX = new Tensor(batch, x.cols);
        MatMul.multiply(dYRows, weight, dRows);
        Im2Row.row2im(dRows, g, dX);
        return new Result(y, dW, dB, dX);
    }

    private static void same(Tensor actual, Tensor expected, String what) {
        int differ = java.util.Arrays.mismatch(actual.data, expected.data);
        assertThat(differ).as("%s: first element that differs (-1: none)", what).isEqualTo(-1);
    }

    private static void close(Tensor actual, Tensor expected, String what, float tolerance) {
        assertThat(actual.size()).as(what).isEqualTo(expected.size());
        for (int i = 0; i < actual.size(); i++) {
            float e = expected.data[i];
            assertThat(actual.data[i]).as("%s[%d]", what, i).isCloseTo(e, org.assertj.core.data.Offset.offset(tolerance * Math.max(1f, Math.abs(e))));
        }
    }
}
