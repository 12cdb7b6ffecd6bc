package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels vectorised with the Vector API, at the machine's widest float vector (16 lanes
 * with AVX-512). Products are register-blocked ({@link RegisterTile}: 8 rows x 2 vectors of C in 16
 * accumulators) and cache-blocked (KB rows of B at a time, a panel that stays in L1 while every
 * row of A passes).
 * A column tail narrower than a vector is computed from a zero-padded copy of B's last columns
 * and written back through a small buffer: masked loads and stores are not compiled to vector
 * instructions by Java 17 (they are ~50x slower). Every element of C is one chain of fused
 * multiply-adds over p in order, whatever the tile or thread that computes it.
 */
final class VectorKernels implements Kernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> S = SPECIES;
    private static final int L = S.length();
    /** Rows of B per cache block: KB x 2L floats (32 KiB at L = 16). */
    private static final int KB = 256;

    @Override
    public String name() {
        return "vector" + L * 32;
    }

    @Override
    public int lanes() {
        return L;
    }

    /** Per-thread scratch: [0] a padded panel of B's tail columns, [1] one row of L floats per tile row. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[0], new float[8 * L]});

    @Override
    public boolean prefersIm2Col(int outChannels) {
        return outChannels % L == 0;
    }

    // cache block by cache block of B: the first starts from the bias, the others from C
    @Override
    public void gemm(float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int k, int n, int i0, int i1) {
        int full = n - n % L;
        if (full == 0 && NarrowGemm.fits(b, k, n)) {
            NarrowGemm.gemm(a, aRow, aCol, b, n, bias, c, n, 0, n, k, i0, i1);
            return;
        }
        for (int p0 = 0; p0 < k; p0 += KB) {
            int p1 = Math.min(k, p0 + KB);
            Start start = p0 > 0 ? Start.ACCUMULATE : bias == null ? Start.ZERO : Start.COLUMN_BIAS;
            RegisterTile.gemm(a, p0 * aCol, aRow, aCol, b, p0 * n, n, c, 0, n, bias, start, p1 - p0, full, i0, i1);
        }
        if (full < n) {
            tail(a, aRow, aCol, b, bias, c, k, n, full, i0, i1);
        }
    }

    @Override
    public void gemmBlock(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb,
                          float[] c, int cOff, int ldc, float[] bias, Start start, int k, int width, int i0, int i1) {
        RegisterTile.gemm(a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, start, k, width, i0, i1);
    }

    @Override
    public void gemmInputRows(float[] x, int x0, int[] rowAt, int width, int outHeight, int outWidth, float[] b, int b0,
                              int ldb, float[] c, int ldc, boolean accumulate, int n, int q0, int q1) {
        InputRowsTile.gemm(x, x0, rowAt, width, outHeight, outWidth, b, b0, ldb, c, ldc, accumulate, n, q0, q1);
    }

    @Override
    public void gemmPackedInputRows(float[] packed, int m, float[] x, int x0, int[] rowAt, float[] bias, float[] c,
                                    int ldc, int k, int width) {
        InputRowsTile.forward(packed, m, x, x0, rowAt, bias, c, ldc, k, width);
    }

    @Override
    public void gemmPackedAddInputRows(float[] packed, int m, float[] b, int ldb, float[] dX, int x0, int[] rowAt,
                                       int k, int width) {
        InputGradientTile.add(packed, m, b, ldb, dX, x0, rowAt, k, width);
    }

    @Override
    public int packedRowsSize(int m, int k) {
        return m * k;
    }

    @Override
    public void packRows(float[] a, int aOff, int aRow, int aCol, int m, int k, float[] packed) {
        RegisterTile.packRows(a, aOff, aRow, aCol, m, k, packed);
    }

    @Override
    public void gemmPacked(float[] packed, int m, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias,
                           Start start, int k, int width, int i0, int i1) {
        RegisterTile.gemmPacked(packed, m, b, bOff, ldb, c, cOff, ldc, bias, start, k, width, i0, i1);
    }

    @Override
    public void laneDots(float[] d, int dOff, float[] e, int eOff, float[] part, float[] biasPart, boolean accumulate,
                         int k, int rows, int o0, int o1) {
        RegisterTile.dots(d, dOff, e, eOff, part, biasPart, accumulate, k, rows, o0, o1);
    }

    // C[i0..i1, j..n) for the last w = n - j < L columns: B's columns copied into a zero-padded
    // (k, L) panel, read by NarrowGemm; the same fma chain over p as the tiles
    private static void tail(float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int k, int n,
                             int j, int i0, int i1) {
        int w = n - j;
        float[][] scratch = SCRATCH.get();
        if (scratch[0].length < k * L) {
            scratch[0] = new float[k * L];
        }
        float[] panel = scratch[0];
        for (int p = 0; p < k; p++) {
            System.arraycopy(b, p * n + j, panel, p * L, w);
        }
        NarrowGemm.gemm(a, aRow, aCol, panel, L, bias, c, n, j, w, k, i0, i1);
    }

    @Override
    public void gemmTransB(float[] a, float[] b, float[] c, int k, int n, int i0, int i1) {
        int full = k - k % L;
        float[] lanes = SCRATCH.get()[1];
        for (int i = i0; i < i1; i++) {
            int ai = i * k;
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0; p < full; p += L) {
                    FloatVector x = FloatVector.fromArray(S, a, ai + p);
                    s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
                    s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
                    s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
                    s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
                }
                int ci = i * n + j;
                s0.intoArray(lanes, 0);
                s1.intoArray(lanes, L);
                s2.intoArray(lanes, 2 * L);
                s3.intoArray(lanes, 3 * L);
                c[ci] = sum(lanes, 0) + dotTail(a, ai, b, b0, full, k);
                c[ci + 1] = sum(lanes, L) + dotTail(a, ai, b, b1, full, k);
                c[ci + 2] = sum(lanes, 2 * L) + dotTail(a, ai, b, b2, full, k);
                c[ci + 3] = sum(lanes, 3 * L) + dotTail(a, ai, b, b3, full, k);
            }
            for (; j < n; j++) {
                int bj = j * k;
                FloatVector s0 = FloatVector.zero(S);
                for (int p = 0; p < full; p += L) {
                    s0 = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s0);
                }
                s0.intoArray(lanes, 0);
                c[i * n + j] = sum(lanes, 0) + dotTail(a, ai, b, bj, full, k);
            }
        }
    }

    // the lanes added in a fixed order: reduceLanes(ADD) may add them in another order once
    // compiled than when interpreted, which would make results depend on timing
    private static float sum(float[] lanes, int from) {
        float s = 0f;
        for (int q = from; q < from + L; q++) {
            s += lanes[q];
        }
        return s;
    }

    private static float dotTail(float[] a, int ai, float[] b, int bj, int from, int k) {
        float s = 0f;
        for (int p = from; p < k; p++) {
            s = Math.fma(a[ai + p], b[bj + p], s);
        }
        return s;
    }

    @Override
    public void gather(int[] start, int[] index, float[] values, float[] src, int stride,
                       float[] bias, float[] out, int n, int t0, int t1) {
        if (NarrowGather.fits(n)) {
            NarrowGather.gather(start, index, values, src, stride, bias, out, n, t0, t1);
            return;
        }
        for (int t = t0; t < t1; t++) {
            int e0 = start[t], e1 = start[t + 1];
            int j = 0;
            for (; n - j > 7 * L; j += 8 * L) {
                gather8(index, values, src, stride, bias, out, n, t, j, e0, e1);
            }
            for (; n - j > 3 * L; j += 4 * L) {
                gather4(index, values, src, stride, bias, out, n, t, j, e0, e1);
            }
            for (; j < n; j += L) {
                gather1(index, values, src, stride, bias, out, n, t, j, e0, e1);
            }
        }
    }

    // out[t, j..j+8L) from 8 vectors of each source row (a 128-wide layer at L = 16); the last may be partial
    private static void gather8(int[] index, float[] values, float[] src, int stride, float[] bias,
                                float[] out, int n, int t, int j, int e0, int e1) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int e = e0; e < e1; e++) {
            FloatVector v = FloatVector.broadcast(S, values[e]);
            int s = index[e] * stride + j;
            s0 = v.fma(FloatVector.fromArray(S, src, s), s0);
            s1 = v.fma(FloatVector.fromArray(S, src, s + L), s1);
            s2 = v.fma(FloatVector.fromArray(S, src, s + 2 * L), s2);
            s3 = v.fma(FloatVector.fromArray(S, src, s + 3 * L), s3);
            s4 = v.fma(FloatVector.fromArray(S, src, s + 4 * L), s4);
            s5 = v.fma(FloatVector.fromArray(S, src, s + 5 * L), s5);
            s6 = v.fma(FloatVector.fromArray(S, src, s + 6 * L), s6);
            s7 = v.fma(FloatVector.fromArray(S, src, s + 7 * L), s7);
        }
        float[] row = SCRATCH.get()[1];
        s0.intoArray(row, 0);
        s1.intoArray(row, L);
        s2.intoArray(row, 2 * L);
        s3.intoArray(row, 3 * L);
        s4.intoArray(row, 4 * L);
        s5.intoArray(row, 5 * L);
        s6.intoArray(row, 6 * L);
        s7.intoArray(row, 7 * L);
        emit(row, bias, out, n, t, j, 8 * L);
    }

    // out[t, j..j+4L) from 4 vectors of each source row; the last may be partial
    private static void gather4(int[] index, float[] values, float[] src, int stride, float[] bias,
                                float[] out, int n, int t, int j, int e0, int e1) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int e = e0; e < e1; e++) {
            FloatVector v = FloatVector.broadcast(S, values[e]);
            int s = index[e] * stride + j;
            s0 = v.fma(FloatVector.fromArray(S, src, s), s0);
            s1 = v.fma(FloatVector.fromArray(S, src, s + L), s1);
            s2 = v.fma(FloatVector.fromArray(S, src, s + 2 * L), s2);
            s3 = v.fma(FloatVector.fromArray(S, src, s + 3 * L), s3);
        }
        float[] row = SCRATCH.get()[1];
        s0.intoArray(row, 0);
        s1.intoArray(row, L);
        s2.intoArray(row, 2 * L);
        s3.intoArray(row, 3 * L);
        emit(row, bias, out, n, t, j, 4 * L);
    }

    // out[t, j..j+L) with four interleaved accumulators, summed in a fixed order
    private static void gather1(int[] index, float[] values, float[] src, int stride, float[] bias,
                                float[] out, int n, int t, int j, int e0, int e1) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int e = e0;
        for (; e + 4 <= e1; e += 4) {
            s0 = FloatVector.broadcast(S, values[e])
                    .fma(FloatVector.fromArray(S, src, index[e] * stride + j), s0);
            s1 = FloatVector.broadcast(S, values[e + 1])
                    .fma(FloatVector.fromArray(S, src, index[e + 1] * stride + j), s1);
            s2 = FloatVector.broadcast(S, values[e + 2])
                    .fma(FloatVector.fromArray(S, src, index[e + 2] * stride + j), s2);
            s3 = FloatVector.broadcast(S, values[e + 3])
                    .fma(FloatVector.fromArray(S, src, index[e + 3] * stride + j), s3);
        }
        for (; e < e1; e++) {
            s0 = FloatVector.broadcast(S, values[e])
                    .fma(FloatVector.fromArray(S, src, index[e] * stride + j), s0);
        }
        float[] row = SCRATCH.get()[1];
        s0.add(s1).add(s2.add(s3)).intoArray(row, 0);
        emit(row, bias, out, n, t, j, L);
    }

    // out[t, j..j+w) = row[0..w) (+ bias), w cut at n; vectors never cross a method boundary
    // here, since one that is not inlined would be allocated as an object
    private static void emit(float[] row, float[] bias, float[] out, int n, int t, int j, int width) {
        int w = Math.min(width, n - j), o = t * n + j;
        if (bias == null) {
            System.arraycopy(row, 0, out, o, w);
        } else {
            for (int q = 0; q < w; q++) {
                out[o + q] = row[q] + bias[j + q];
            }
        }
    }

    @Override
    public void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at) {
        VectorIm2Col.im2col(g, pad, x, x0, cols, at);
    }

    @Override
    public void maxPool2(float[] x, int x0, int[] corner, int w, int ow, float[] y, int[] argmax, int y0, int out) {
        VectorMaxPool.maxPool2(x, x0, corner, w, ow, y, argmax, y0, out);
    }

    @Override
    public void reluBackward(float[] y, float[] dy, float[] dx, int from, int to) {
        VectorElementwise.reluBackward(y, dy, dx, from, to);
    }

    @Override
    public void tapSum(float[] y, int yOff, float[] x, int xOff, int stride, float[] taps, int n) {
        VectorElementwise.tapSum(y, yOff, x, xOff, stride, taps, n);
    }

    @Override
    public void axpyMany(float[] a, int[] at, int i0, int i1, float[] x, int shift, float[] y, int yAt, int n) {
        VectorElementwise.axpyMany(a, at, i0, i1, x, shift, y, yAt, n);
    }

    @Override
    public void adam(float[] m, float[] v, float[] w, float[] dw, int from, int to, float lr, float decay, float beta1,
                     float beta2, float c1, float c2, float eps) {
        VectorElementwise.adam(m, v, w, dw, from, to, lr, decay, beta1, beta2, c1, c2, eps);
    }

    // exp(x) = 2^k * e^r with k = round(x / ln 2), |r| <= ln 2 / 2, e^r by its Taylor polynomial
    // of degree 6 (relative error < 2e-7). Written out rather than lanewise(EXP), whose compiled and
    // interpreted versions may differ in the last bit, which would make results depend on timing.
    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;   // 1.5 * 2^23: adding it rounds to an integer
    private static final int ROUND_BITS = 0x4B400000;  // the bits of ROUND
    private static final float MIN_X = -87f, MAX_X = 88f;
    private static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720;

    @Override
    public void exp(float[] x, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) {
            exp(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        }
        for (; i < to; i++) {
            x[i] = exp(x[i]);
        }
    }

    /** exp of every lane, the computation of {@link #exp(float)} lane by lane. */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(MIN_X).min(MAX_X);
        FloatVector t = v.mul(LOG2E).add(ROUND);          // k in the low bits of t's mantissa
        FloatVector k = t.sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), v);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(C6, C5);
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        p = p.fma(r, FloatVector.broadcast(S, C2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector e = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(e.reinterpretAsFloats());
    }

    @Override
    public void softmax(float[] z, float[] p, int i0, int i1, int k, float[] rowMax, float[] rowSum, int[] argmax) {
        if (VectorSoftmax.fits(z, p, i1, k)) {
            VectorSoftmax.rows(z, p, i0, i1, k, rowMax, rowSum, argmax);
        } else {
            Ops.softmaxRows(this, z, p, i0, i1, k, rowMax, rowSum, argmax);
        }
    }

    @Override
    public void sumRows(float[] x, float[] out, int m, int n) {
        if (n < L && x.length >= (m - 1L) * n + L) {
            FloatVector s = FloatVector.zero(S);
            for (int i = 0; i < m; i++) {
                s = s.add(FloatVector.fromArray(S, x, i * n));    // lanes n.. belong to the next row: dropped
            }
            float[] lanes = SCRATCH.get()[1];
            s.intoArray(lanes, 0);
            System.arraycopy(lanes, 0, out, 0, n);
        } else {
            sumRowsByVectors(x, out, m, n);
        }
    }

    // up to 4 vectors of columns at a time, their sums in registers over every row; each column is
    // summed from 0 in row order, as Ops.sumRows does, so both kinds give the same bits
    private static void sumRowsByVectors(float[] x, float[] out, int m, int n) {
        int j = 0;
        for (; j + 4 * L <= n; j += 4 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0, r = j; i < m; i++, r += n) {               // rows of n floats: x[r .. r + 4L)
                s0 = s0.add(FloatVector.fromArray(S, x, r));
                s1 = s1.add(FloatVector.fromArray(S, x, r + L));
                s2 = s2.add(FloatVector.fromArray(S, x, r + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, r + 3 * L));
            }
            s0.intoArray(out, j);
            s1.intoArray(out, j + L);
            s2.intoArray(out, j + 2 * L);
            s3.intoArray(out, j + 3 * L);
        }
        for (; j + L <= n; j += L) {
            FloatVector s = FloatVector.zero(S);
            for (int i = 0, r = j; i < m; i++, r += n) {
                s = s.add(FloatVector.fromArray(S, x, r));
            }
            s.intoArray(out, j);
        }
        for (; j < n; j++) {                                            // the columns past the last whole vector
            float s = 0f;
            for (int i = 0, r = j; i < m; i++, r += n) {
                s += x[r];
            }
            out[j] = s;
        }
    }

    /** The same computation on one float, for the lanes past the last whole vector. */
    static float exp(float x) {
        float v = Math.min(Math.max(x, MIN_X), MAX_X);
        float t = v * LOG2E + ROUND;
        float k = t - ROUND;
        float r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, v));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, C6, C5), r, C4), r, C3), r, C2), r, 1f), r, 1f);
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_BITS - 127)) << 23);
    }
}
