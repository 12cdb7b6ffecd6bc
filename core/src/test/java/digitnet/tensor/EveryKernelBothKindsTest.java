package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel of the package run with the vector and with the scalar implementation, whichever
 * kind this JVM chose, against plain loops in double precision, on seeded random shapes whose
 * sizes fall below, at and above one vector and are mostly odd: the matrix products (dense,
 * transposed, sparse), im2row and row2im, the im2col convolution (forward and both gradients),
 * pooling, and the element-wise kernels. The tolerance allows for float rounding in any order of
 * the sums (1e-5 of the sum of the terms' magnitudes). The rearrangements and pooling have one
 * plain-Java form under both kinds; they are checked once per kind all the same.
 */
class EveryKernelBothKindsTest {
    private static final int CASES = 12;
    private static final int L = new VectorKernels().lanes();

    static List<Kernels> kernels() {
        return List.of(new ScalarKernels(), new VectorKernels());
    }

    // below, at and above one vector, odd and even
    private static int size(Random r) {
        int[] sizes = {1, 2, 3, 5, L - 1, L, L + 1, 2 * L + 3, 3 * L - 1, 4 * L + 1};
        return Math.max(1, sizes[r.nextInt(sizes.length)]);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void matrixProducts(Kernels kernels) {
        Random r = new Random(41);
        for (int t = 0; t < CASES; t++) {
            int m = size(r), k = size(r), n = size(r);
            Tensor a = random(r, m, k), b = random(r, k, n), bias = random(r, 1, n), c = new Tensor(m, n);
            MatMul.multiplyAddBias(kernels, a, b, t % 2 == 0 ? bias : null, c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    Sum s = new Sum(t % 2 == 0 ? bias.data[j] : 0);
                    for (int p = 0; p < k; p++) {
                        s.add(a.data[i * k + p] * (double) b.data[p * n + j]);
                    }
                    s.check(c.data[i * n + j], "%s multiplyAddBias %dx%dx%d [%d,%d]", kernels.name(), m, k, n, i, j);
                }
            }
            Tensor at = random(r, k, m), cT = new Tensor(m, n);          // A^T B, the narrow path included
            MatMul.multiplyTransA(kernels, at, b, cT);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    Sum s = new Sum(0);
                    for (int p = 0; p < k; p++) {
                        s.add(at.data[p * m + i] * (double) b.data[p * n + j]);
                    }
                    s.check(cT.data[i * n + j], "%s multiplyTransA %dx%dx%d [%d,%d]", kernels.name(), m, k, n, i, j);
                }
            }
            Tensor bt = random(r, n, k), cB = new Tensor(m, n);          // A B^T
            MatMul.multiplyTransB(kernels, a, bt, cB);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    Sum s = new Sum(0);
                    for (int p = 0; p < k; p++) {
                        s.add(a.data[i * k + p] * (double) bt.data[j * k + p]);
                    }
                    s.check(cB.data[i * n + j], "%s multiplyTransB %dx%dx%d [%d,%d]", kernels.name(), m, k, n, i, j);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void sparseProducts(Kernels kernels) {
        Random r = new Random(43);
        for (int t = 0; t < CASES; t++) {
            int m = size(r), k = size(r), n = size(r);
            byte[] pixels = new byte[m * k];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = r.nextInt(4) == 0 ? (byte) (1 + r.nextInt(255)) : 0;
            }
            SparseRows x = new SparseRows(m, k, (long) m * k, 1f / 255, true);
            x.fill(pixels, null, 0, m);
            Tensor b = random(r, k, n), bias = random(r, 1, n), c = new Tensor(m, n);
            MatMul.sparseMultiply(kernels, x, b, bias, c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    Sum s = new Sum(bias.data[j]);
                    for (int p = 0; p < k; p++) {
                        s.add(x.get(i, p) * (double) b.data[p * n + j]);
                    }
                    s.check(c.data[i * n + j], "%s sparseMultiply %dx%dx%d [%d,%d]", kernels.name(), m, k, n, i, j);
                }
            }
            Tensor d = random(r, m, n), g = new Tensor(k, n);
            MatMul.sparseMultiplyTransA(kernels, x, d, g);
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    Sum s = new Sum(0);
                    for (int i = 0; i < m; i++) {
                        s.add(x.get(i, p) * (double) d.data[i * n + j]);
                    }
                    s.check(g.data[p * n + j], "%s sparseMultiplyTransA %dx%dx%d [%d,%d]", kernels.name(), m, k, n, p, j);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void convolutionsIm2RowAndIm2Col(Kernels kernels) {
        Random r = new Random(47);
        for (int t = 0; t < CASES; t++) {
            int kernel = 1 + r.nextInt(3), stride = 1 + r.nextInt(2), padding = r.nextInt(kernel);
            int h = kernel + r.nextInt(8), w = kernel + r.nextInt(t % 3 == 0 ? 2 * L + 4 : 8);   // rows longer than a vector too
            ConvGeometry g = new ConvGeometry(1 + r.nextInt(3), h, w, kernel, stride, padding);
            int batch = 1 + r.nextInt(3), out = kernels.lanes() * (1 + r.nextInt(4));   // by dots and by transposed dY
            if (t % 4 == 1 && Im2ColConv.byDots(kernels, g, 8)) {
                out = t % 8 == 1 ? 8 : 3;   // fewer outputs than a vector: by dots only (Im2ColConv.fits)
            }
            Tensor x = random(r, batch, g.inSize()), weight = random(r, out, g.patch()), bias = random(r, 1, out);
            Tensor dY = random(r, batch, out * g.outArea());
            String what = kernels.name() + " " + g + " batch " + batch + " out " + out;

            Tensor rows = new Tensor(batch * g.outArea(), g.patch()), dX = new Tensor(batch, g.inSize());
            Im2Row.im2row(x, g, rows);
            Tensor dRows = random(r, rows.rows(), rows.cols);
            Im2Row.row2im(dRows, g, dX);
            double[] dXRef = new double[dX.size()];
            for (int n = 0; n < batch; n++) {
                for (int pix = 0; pix < g.outArea(); pix++) {
                    for (int q = 0; q < g.patch(); q++) {
                        int at = input(g, n, pix, q);
                        int row = (n * g.outArea() + pix) * g.patch() + q;
                        assertThat(rows.data[row]).as("%s im2row", what).isEqualTo(at < 0 ? 0f : x.data[at]);
                        if (at >= 0) {
                            dXRef[at] += dRows.data[row];
                        }
                    }
                }
            }
            for (int i = 0; i < dX.size(); i++) {
                assertThat((double) dX.data[i]).as("%s row2im [%d]", what, i).isCloseTo(dXRef[i], within(1e-5));
            }

            int pad = Im2ColConv.paddedPixels(kernels, g);
            Tensor cols = new Tensor(batch, g.patch() * pad), y = new Tensor(batch, out * g.outArea());
            Tensor dYT = new Tensor(batch * pad, out), dWT = new Tensor(g.patch(), out), dB = new Tensor(1, out);
            Tensor dXCol = new Tensor(batch, g.inSize());
            Im2ColConv.forward(kernels, x, g, weight, bias, cols, y);
            for (int n = 0; n < batch; n++) {                             // cols[n, q * pad + pix], 0 past the pixels
                for (int q = 0; q < g.patch(); q++) {
                    for (int pix = 0; pix < pad; pix++) {
                        int at = pix < g.outArea() ? input(g, n, pix, q) : -1;
                        assertThat(cols.data[(n * g.patch() + q) * pad + pix]).as("%s im2col cols [%d,%d,%d]", what, n, q, pix)
                                .isEqualTo(at < 0 ? 0f : x.data[at]);
                    }
                }
            }
            float[] block = new float[g.patch() * pad + 2 * L];                // one sample's block writes nothing past itself
            java.util.Arrays.fill(block, Float.NaN);
            kernels.im2col(g, pad, x.data, 0, block, 0);
            for (int i = g.patch() * pad; i < block.length; i++) {
                assertThat(block[i]).as("%s im2col wrote past its block at %d", what, i).isNaN();
            }
            Im2ColConv.weightGradient(kernels, x, cols, dY, g, dYT, dWT, dB);
            if (!Im2ColConv.byDots(kernels, g, out) && Im2ColConv.readsInputInPlace(g)) {   // cols read in place: the same bits
                Tensor dWTInPlace = new Tensor(g.patch(), out), dBInPlace = new Tensor(1, out);
                Im2ColConv.weightGradient(kernels, x, null, dY, g, new Tensor(batch * pad, out), dWTInPlace, dBInPlace);
                assertThat(java.util.Arrays.mismatch(dWTInPlace.data, dWT.data)).as("%s dWeight^T, cols in place", what)
                        .isEqualTo(-1);
                assertThat(java.util.Arrays.mismatch(dBInPlace.data, dB.data)).as("%s dBias, cols in place", what)
                        .isEqualTo(-1);
            }
            Im2ColConv.inputGradient(kernels, dY, g, weight, dXCol);
            Sum[] dXSum = new Sum[dXCol.size()], dWSum = new Sum[dWT.size()], dBSum = new Sum[out];
            fill(dXSum);
            fill(dWSum);
            fill(dBSum);
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < out; o++) {
                    for (int pix = 0; pix < g.outArea(); pix++) {
                        Sum s = new Sum(bias.data[o]);
                        float d = dY.data[(n * out + o) * g.outArea() + pix];
                        dBSum[o].add(d);
                        for (int q = 0; q < g.patch(); q++) {
                            int at = input(g, n, pix, q);
                            float xq = at < 0 ? 0f : x.data[at];
                            s.add(weight.data[o * g.patch() + q] * (double) xq);
                            dWSum[q * out + o].add(d * (double) xq);
                            if (at >= 0) {
                                dXSum[at].add(d * (double) weight.data[o * g.patch() + q]);
                            }
                        }
                        s.check(y.data[(n * out + o) * g.outArea() + pix], "%s im2col y", what);
                    }
                }
            }
            checkAll(dWSum, dWT, what + " im2col dWeight^T");
            checkAll(dBSum, dB, what + " im2col dBias");
            checkAll(dXSum, dXCol, what + " im2col dX");
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void pooling(Kernels kernels) {
        Random r = new Random(53);
        for (int t = 0; t < CASES; t++) {
            int k = 1 + r.nextInt(3), c = 1 + r.nextInt(3), h = k + r.nextInt(2 * L), w = k + r.nextInt(7);
            int batch = 1 + r.nextInt(3), oh = h / k, ow = w / k;
            Tensor x = random(r, batch, c * h * w), y = new Tensor(batch, c * oh * ow), avg = new Tensor(batch, c * oh * ow);
            Tensor dY = random(r, batch, c * oh * ow), dXMax = new Tensor(batch, c * h * w), dXAvg = new Tensor(batch, c * h * w);
            int[] argmax = new int[y.size()];
            PoolOps.maxPool(kernels, x, c, h, w, k, y, argmax);
            PoolOps.maxPoolBackward(dY, argmax, c, h, w, k, dXMax);
            PoolOps.avgPool(x, c, h, w, k, avg);
            PoolOps.avgPoolBackward(dY, c, h, w, k, dXAvg);
            float[] dXMaxRef = new float[dXMax.size()], dXAvgRef = new float[dXAvg.size()];
            for (int o = 0; o < y.size(); o++) {
                int n = o / (c * oh * ow), ch = o / (oh * ow) % c, i = o / ow % oh, j = o % ow;
                int best = -1;
                double sum = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        int at = ((n * c + ch) * h + i * k + a) * w + j * k + b;
                        sum += x.data[at];
                        best = best < 0 || x.data[at] > x.data[best] ? at : best;
                        dXAvgRef[at] = dY.data[o] / (k * k);
                    }
                }
                dXMaxRef[best] = dY.data[o];
                assertThat(y.data[o]).as("%s maxPool [%d]", kernels.name(), o).isEqualTo(x.data[best]);
                assertThat((double) avg.data[o]).as("%s avgPool [%d]", kernels.name(), o).isCloseTo(sum / (k * k), within(1e-6));
            }
            assertThat(dXMax.data).startsWith(dXMaxRef);
            assertThat(dXAvg.data).startsWith(dXAvgRef);
        }
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void elementWise(Kernels kernels) {
        Random r = new Random(59);
        for (int t = 0; t < CASES; t++) {
            int m = size(r), n = size(r);
            Tensor y = random(r, m, n), dY = random(r, m, n), dX = new Tensor(m, n), e = random(r, m, n);
            Ops.reluBackward(kernels, y, dY, dX);
            float[] x0 = e.data.clone();
            for (int i = 0; i < e.size(); i++) {
                e.data[i] = x0[i] * 20;                      // exp over [-20, 20]
            }
            float[] scaled = e.data.clone();
            Ops.expInPlace(kernels, e);
            for (int i = 0; i < m * n; i++) {
                assertThat(dX.data[i]).as("%s reluBackward [%d]", kernels.name(), i).isEqualTo(y.data[i] > 0 ? dY.data[i] : 0f);
                double expected = Math.exp(scaled[i]);
                assertThat((double) e.data[i]).as("%s exp(%s)", kernels.name(), scaled[i]).isCloseTo(expected, within(2e-6 * expected));
            }
            Tensor relu = new Tensor(m, n), sums = new Tensor(1, n), xT = new Tensor(n, m);
            Ops.relu(y, relu);
            Ops.sumRows(y, sums);
            Ops.transpose(y, xT);
            for (int j = 0; j < n; j++) {
                Sum s = new Sum(0);
                for (int i = 0; i < m; i++) {
                    s.add(y.data[i * n + j]);
                    assertThat(relu.data[i * n + j]).isEqualTo(Math.max(0f, y.data[i * n + j]));
                    assertThat(xT.data[j * m + i]).isEqualTo(y.data[i * n + j]);
                }
                s.check(sums.data[j], "sumRows [%d]", j);
            }
        }
    }

    // the flat index in x of patch entry q of output pixel pix of sample n, or -1 in the padding
    private static int input(ConvGeometry g, int n, int pix, int q) {
        int K = g.kernel(), oh = pix / g.outWidth(), ow = pix % g.outWidth();
        int c = q / (K * K), kh = q / K % K, kw = q % K;
        int ih = oh * g.stride() - g.padding() + kh, iw = ow * g.stride() - g.padding() + kw;
        if (ih < 0 || ih >= g.height() || iw < 0 || iw >= g.width()) {
            return -1;
        }
        return ((n * g.channels() + c) * g.height() + ih) * g.width() + iw;
    }

    private static Tensor random(Random r, int rows, int cols) {
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = r.nextFloat() * 2 - 1;
        }
        return t;
    }

    private static void fill(Sum[] sums) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] = new Sum(0);
        }
    }

    private static void checkAll(Sum[] expected, Tensor actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            expected[i].check(actual.data[i], "%s [%d]", what, i);
        }
    }

    /** A sum in double with the sum of its terms' magnitudes, which bounds float rounding in any order. */
    private static final class Sum {
        private double value, magnitude;

        Sum(double start) {
            value = start;
            magnitude = Math.abs(start);
        }

        void add(double term) {
            value += term;
            magnitude += Math.abs(term);
        }

        void check(float actual, String what, Object... args) {
            assertThat((double) actual).as(what, args).isCloseTo(value, within(1e-5 * magnitude + 1e-6));
        }
    }
}
