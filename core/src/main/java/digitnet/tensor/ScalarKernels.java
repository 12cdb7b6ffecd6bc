package digitnet.tensor;

/** The plain-Java kernels: the fallback when the Vector API is absent, and the reference in tests. */
final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void gemm(float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int k, int n, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int ci = i * n;
            for (int j = 0; j < n; j++) {
                c[ci + j] = bias == null ? 0f : bias[j];
            }
            for (int p = 0; p < k; p++) {
                float aip = a[i * aRow + p * aCol];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public boolean prefersIm2Col(int outChannels) {
        return false;
    }

    @Override
    public void gemmBlock(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, float[] bias, Start start, int k, int width, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int ci = cOff + i * ldc, ai = aOff + i * aRow;
            for (int j = 0; j < width; j++) {
                float s = switch (start) {
                    case ZERO -> 0f;
                    case COLUMN_BIAS -> bias[j];
                    case ROW_BIAS -> bias[i];
                    case ACCUMULATE -> c[ci + j];
                };
                for (int p = 0; p < k; p++) {
                    s += a[ai + p * aCol] * b[bOff + p * ldb + j];
                }
                c[ci + j] = s;
            }
        }
    }

    @Override
    public void gemmInputRows(float[] x, int x0, int[] rowAt, int width, int outHeight, int outWidth, float[] b, int b0,
                              int ldb, float[] c, int ldc, boolean accumulate, int n, int q0, int q1) {
        for (int q = q0; q < q1; q++) {
            for (int j = 0; j < n; j++) {
                float s = accumulate ? c[q * ldc + j] : 0f;
                for (int oh = 0, bp = b0 + j; oh < outHeight; oh++) {
                    for (int u = x0 + rowAt[q] + oh * width, end = u + outWidth; u < end; u++, bp += ldb) {
                        s += x[u] * b[bp];
                    }
                }
                c[q * ldc + j] = s;
            }
        }
    }

    @Override
    public void gemmPackedInputRows(float[] packed, int m, float[] x, int x0, int[] rowAt, float[] bias, float[] c,
                                    int ldc, int k, int width) {
        for (int i = 0; i < m; i++) {
            for (int u = 0; u < width; u++) {
                float s = bias[i];
                for (int p = 0; p < k; p++) {
                    s += packed[i * k + p] * x[x0 + rowAt[p] + u];
                }
                c[i * ldc + u] = s;
            }
        }
    }

    @Override
    public void gemmPackedAddInputRows(float[] packed, int m, float[] b, int ldb, float[] dX, int x0, int[] rowAt,
                                       int k, int width) {
        for (int i = 0; i < m; i++) {
            for (int u = 0; u < width; u++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += packed[i * k + p] * b[p * ldb + u];
                }
                dX[x0 + rowAt[i] + u] += s;
            }
        }
    }

    @Override
    public int packedRowsSize(int m, int k) {
        return m * k;
    }

    // row-major: packed[i * k + p]
    @Override
    public void packRows(float[] a, int aOff, int aRow, int aCol, int m, int k, float[] packed) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                packed[i * k + p] = a[aOff + i * aRow + p * aCol];
            }
        }
    }

    @Override
    public void gemmPacked(float[] packed, int m, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias,
                           Start start, int k, int width, int i0, int i1) {
        gemmBlock(packed, 0, k, 1, b, bOff, ldb, c, cOff, ldc, bias, start, k, width, i0, i1);
    }

    @Override
    public void laneDots(float[] d, int dOff, float[] e, int eOff, float[] part, float[] biasPart, boolean accumulate,
                         int k, int rows, int o0, int o1) {
        for (int o = o0; o < o1; o++) {
            int dRow = dOff + o * k, at = (o - o0) * rows;
            float sum = accumulate ? biasPart[o - o0] : 0f;
            for (int p = 0; p < k; p++) {
                sum += d[dRow + p];
            }
            biasPart[o - o0] = sum;
            for (int q = 0; q < rows; q++) {
                int eRow = eOff + q * k;
                float s = accumulate ? part[at + q] : 0f;
                for (int p = 0; p < k; p++) {
                    s += d[dRow + p] * e[eRow + p];
                }
                part[at + q] = s;
            }
        }
    }

    @Override
    public void gemmTransB(float[] a, float[] b, float[] c, int k, int n, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[i * n + j] = s;
            }
        }
    }

    @Override
    public void gather(int[] start, int[] index, float[] values, float[] src, int stride,
                       float[] bias, float[] out, int n, int t0, int t1) {
        for (int t = t0; t < t1; t++) {
            int o = t * n;
            for (int j = 0; j < n; j++) {
                out[o + j] = 0f;
            }
            for (int e = start[t]; e < start[t + 1]; e++) {
                float v = values[e];
                int s = index[e] * stride;
                for (int j = 0; j < n; j++) {
                    out[o + j] += v * src[s + j];
                }
            }
            for (int j = 0; j < n; j++) {
                out[o + j] += bias == null ? 0f : bias[j];
            }
        }
    }

    @Override
    public void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at) {
        Im2Col.im2col(g, pad, x, x0, cols, at);
    }

    @Override
    public void maxPool2(float[] x, int x0, int[] corner, int w, int ow, float[] y, int[] argmax, int y0, int out) {
        maxPool2(x, x0, corner, w, y, argmax, y0, 0, out);
    }

    // outputs o in [o0, o1). Math.max finds the value (NaN if any is); the position is then the first
    // entry equal to it or NaN, found with no branch on the data (a branch per entry took 4x as long
    // on the Keras convnet's first pooling, bench/results/LAB-LOG.md, "From docs/cnn-speed.md")
    static void maxPool2(float[] x, int x0, int[] corner, int w, float[] y, int[] argmax, int y0, int o0, int o1) {
        for (int o = o0; o < o1; o++) {
            int i = x0 + corner[o];
            float a0 = x[i], a1 = x[i + 1], a2 = x[i + w], a3 = x[i + w + 1];
            float m = Math.max(Math.max(a0, a1), Math.max(a2, a3));
            int not0 = a0 == m | a0 != a0 ? 0 : 1, not1 = a1 == m | a1 != a1 ? 0 : 1;
            int not2 = a2 == m | a2 != a2 ? 0 : 1;
            int at = not0 * (1 + not1 * (1 + not2));
            int from = i + (at & 1) + (at >> 1) * w;
            y[y0 + o] = x[from];
            argmax[y0 + o] = from;
        }
    }

    @Override
    public void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    @Override
    public void adam(float[] m, float[] v, float[] w, float[] dw, int from, int to, float lr, float decay, float beta1,
                     float beta2, float c1, float c2, float eps) {
        adamRange(m, v, w, dw, from, to, lr, decay, beta1, beta2, c1, c2, eps);
    }

    /** {@link Kernels#adam} on values [from, to): also the vector kernel's tail. */
    static void adamRange(float[] m, float[] v, float[] w, float[] dw, int from, int to, float lr, float decay, float beta1,
                     float beta2, float c1, float c2, float eps) {
        for (int i = from; i < to; i++) {
            float g = dw[i] + decay * w[i];
            float mi = beta1 * m[i] + (1 - beta1) * g, vi = beta2 * v[i] + (1 - beta2) * g * g;
            mi = Math.abs(mi) < Ops.MOMENT_FLOOR ? 0f : mi;
            vi = vi < Float.MIN_NORMAL ? 0f : vi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= lr * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
        }
    }

    @Override
    public void tapSum(float[] y, int yOff, float[] x, int xOff, int stride, float[] taps, int n) {
        tapSum(y, yOff, x, xOff, stride, taps, 0, n);
    }

    /** {@link Kernels#tapSum} for i in [from, to): the vector kernel's tail. */
    static void tapSum(float[] y, int yOff, float[] x, int xOff, int stride, float[] taps, int from, int to) {
        for (int i = from; i < to; i++) {
            float sum = 0f;
            for (int k = 0, at = xOff + i; k < taps.length; k++, at += stride) {
                sum += taps[k] * x[at];
            }
            y[yOff + i] = sum;
        }
    }

    @Override
    public void axpyMany(float[] a, int[] at, int i0, int i1, float[] x, int shift, float[] y, int yAt, int n) {
        axpyMany(a, at, i0, i1, x, shift, y, yAt, 0, n);
    }

    /** {@link Kernels#axpyMany} for j in [from, to): also the vector kernel's tail. */
    static void axpyMany(float[] a, int[] at, int i0, int i1, float[] x, int shift, float[] y, int yAt, int from, int to) {
        for (int j = from; j < to; j++) {
            float sum = y[yAt + j];
            for (int i = i0; i < i1; i++) {
                sum += a[i] * x[at[i] + shift + j];
            }
            y[yAt + j] = sum;
        }
    }

    @Override
    public void exp(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = (float) Math.exp(x[i]);
        }
    }

    @Override
    public void softmax(float[] z, float[] p, int i0, int i1, int k, float[] rowMax, float[] rowSum, int[] argmax) {
        Ops.softmaxRows(this, z, p, i0, i1, k, rowMax, rowSum, argmax);
    }

    @Override
    public void sumRows(float[] x, float[] out, int m, int n) {
        Ops.sumRows(x, out, m, n);
    }
}
