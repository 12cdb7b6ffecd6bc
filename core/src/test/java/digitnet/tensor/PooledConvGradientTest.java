package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gradients of a convolution followed by max pooling, read from the pooled gradient ({@link PooledConvGradient}),
 * with both kinds of kernels, against the definition computed in doubles: dY = dPooled at each window's maximum
 * (the argmax the real pooling writes) and 0 elsewhere, then dW[o, c, kh, kw] = sum over n, pixels of dY x,
 * dB[o] = sum of dY, dX = the transposed convolution of dY. Half of dPooled is 0 (what a ReLU or dropout after the
 * pooling leaves); strides 1 and 2, kernels 2 to 5, windows of 2 and 3, runs of K*C with and without a vector tail,
 * maps whose last row and column no window covers; and the same bits at 1 and 2 threads.
 */
class PooledConvGradientTest {
    private static final List<Kernels> KINDS = List.of(new ScalarKernels(), new VectorKernels());

    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest
    @CsvSource({"32, 13, 13, 3, 1, 0, 64, 2", "16, 12, 12, 3, 1, 0, 32, 2", "8, 12, 12, 3, 1, 0, 16, 2",
                "16, 11, 9, 2, 2, 0, 8, 2", "6, 14, 14, 5, 1, 0, 5, 3", "24, 7, 7, 3, 1, 0, 16, 2",
                "16, 7, 7, 3, 1, 1, 32, 2", "8, 9, 10, 5, 1, 2, 16, 2", "16, 10, 10, 3, 2, 1, 8, 2"})
    void givesTheGradientsOfTheDenseDefinition(int c, int h, int w, int k, int s, int p, int out, int pool) {
        ConvGeometry g = new ConvGeometry(c, h, w, k, s, p);
        Random r = new Random(c * 1000L + h * 10L + k);
        int batch = 3, oh = g.outHeight(), ow = g.outWidth(), area = g.outArea();
        Tensor x = random(r, batch, g.inSize()), weight = random(r, out, g.patch());
        Tensor y = new Tensor(batch, out * area);
        convolve(g, x, weight, y);
        Tensor pooled = new Tensor(batch, out * (oh / pool) * (ow / pool));
        int[] argmax = new int[pooled.size()];
        PoolOps.maxPool(new ScalarKernels(), y, out, oh, ow, pool, pooled, argmax);
        Tensor dPooled = random(r, pooled.rows(), pooled.cols);
        for (int i = 0; i < dPooled.size(); i += 2) {
            dPooled.data[(i * 7) % dPooled.size()] = 0f;
        }
        double[] dY = new double[y.size()];
        for (int i = 0; i < dPooled.size(); i++) {
            dY[argmax[i]] += dPooled.data[i];
        }
        double[] dW = new double[out * g.patch()], dB = new double[out], dX = new double[x.size()];
        reference(g, x, weight, dY, out, dW, dB, dX);

        for (Kernels kernels : KINDS) {
            if (!PooledConvGradient.fits(kernels, g)) {
                continue;
            }
            Tensor gotW = nan(out, g.patch()), gotB = nan(1, out), gotX = nan(batch, g.inSize());
            PooledConvGradient.backward(kernels, x, g, weight, dPooled, argmax, gotW, gotB, gotX);
            String what = kernels.name() + " " + g + " out " + out + " pool " + pool;
            close(gotW, dW, what + " dW");
            close(gotB, dB, what + " dB");
            close(gotX, dX, what + " dX");

            Tensor noX = nan(out, g.patch());
            PooledConvGradient.backward(kernels, x, g, weight, dPooled, argmax, noX, nan(1, out), null);
            assertThat(noX.data).as("%s dW without dX", what).containsExactly(gotW.data);

            Parallel.setThreads(1);
            Tensor oneW = nan(out, g.patch()), oneX = nan(batch, g.inSize());
            PooledConvGradient.backward(kernels, x, g, weight, dPooled, argmax, oneW, nan(1, out), oneX);
            Parallel.setThreads(2);
            assertThat(oneW.data).as("%s dW at 1 and 2 threads", what).containsExactly(gotW.data);
            assertThat(oneX.data).as("%s dX at 1 and 2 threads", what).containsExactly(gotX.data);
        }
        assertThat(PooledConvGradient.fits(new ScalarKernels(), g)).as("%s fits the scalar kernels", g).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"1, 28, 28, 5, 0", "2, 32, 32, 3, 0", "3, 32, 32, 5, 2", "1, 16, 16, 5, 2"})
    void takesNoRunShorterThanAVector(int c, int h, int w, int k, int padding) {
        ConvGeometry g = new ConvGeometry(c, h, w, k, 1, padding);
        assertThat(PooledConvGradient.fits(new VectorKernels(), g)).as("%s", g).isFalse();
    }

    // y[n, o, p] = sum over c, kh, kw of W[o, c, kh, kw] x[n, c, oh*s + kh, ow*s + kw] (no bias: the pooling's argmax is all it feeds)
    private static void convolve(ConvGeometry g, Tensor x, Tensor weight, Tensor y) {
        int out = weight.rows(), k = g.kernel(), area = g.outArea();
        for (int n = 0; n < x.rows(); n++) {
            for (int o = 0; o < out; o++) {
                for (int p = 0; p < area; p++) {
                    double sum = 0;
                    for (int c = 0; c < g.channels(); c++) {
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                int i = at(g, n, c, p, kh, kw);
                                sum += i < 0 ? 0 : weight.data[o * g.patch() + (c * k + kh) * k + kw] * x.data[i];
                            }
                        }
                    }
                    y.data[(n * out + o) * area + p] = (float) sum;
                }
            }
        }
    }

    private static void reference(ConvGeometry g, Tensor x, Tensor weight, double[] dY, int out, double[] dW, double[] dB,
                                  double[] dX) {
        int k = g.kernel(), area = g.outArea();
        for (int n = 0; n < x.rows(); n++) {
            for (int o = 0; o < out; o++) {
                for (int p = 0; p < area; p++) {
                    double d = dY[(n * out + o) * area + p];
                    dB[o] += d;
                    for (int c = 0; c < g.channels(); c++) {
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                int q = o * g.patch() + (c * k + kh) * k + kw, i = at(g, n, c, p, kh, kw);
                                if (i < 0) {
                                    continue;                  // a tap on the padding's zeros
                                }
                                dW[q] += d * x.data[i];
                                dX[i] += d * weight.data[q];
                            }
                        }
                    }
                }
            }
        }
    }

    // where tap (kh, kw) of output pixel p reads channel c of sample n; -1 on the padding
    private static int at(ConvGeometry g, int n, int c, int p, int kh, int kw) {
        int oh = p / g.outWidth(), ow = p % g.outWidth();
        int ih = oh * g.stride() - g.padding() + kh, iw = ow * g.stride() - g.padding() + kw;
        if (ih < 0 || ih >= g.height() || iw < 0 || iw >= g.width()) {
            return -1;
        }
        return n * g.inSize() + (c * g.height() + ih) * g.width() + iw;
    }

    private static void close(Tensor got, double[] want, String what) {
        double scale = 1e-30;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got.data[i]).as("%s[%d] of %s", what, i, Arrays.toString(Arrays.copyOf(want, 4)))
                    .isCloseTo(want[i], org.assertj.core.data.Offset.offset(2e-6 * scale));
        }
    }

    private static Tensor random(Random r, int rows, int cols) {
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = r.nextFloat() * 2 - 1;
        }
        return t;
    }

    private static Tensor nan(int rows, int cols) {
        Tensor t = new Tensor(rows, cols);
        Arrays.fill(t.data, Float.NaN);
        return t;
    }
}
