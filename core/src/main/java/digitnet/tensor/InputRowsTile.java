package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#gemmInputRows} and {@link Kernels#gemmPackedInputRows}: a stride-1 convolution's weight gradient
 * and forward product with its im2col rows read in place from the input. Row q of cols_n is x_n shifted by {@code rowAt[q]} (channel c, tap (kh, kw) at
 * c*H*W + kh*W + kw), read at oh*W + ow for output pixel p = oh*OW + ow; so the product needs no cols, which the
 * forward pass would otherwise write to memory (9.4 MB a batch for the Keras convnet's second layer) for this pass
 * to read back. The tiles are 4 rows x 4 vectors, then {@link RegisterTile}'s 8 x 2 and 8 x 1 for the columns
 * left, each row's element of A a broadcast from its own place in x; every element of C is the same chain of fused multiply-adds, over p in
 * order, as {@code gemmBlock} on the cols gives, so both give the same bits.
 */
final class InputRowsTile {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private InputRowsTile() {}

    static void gemm(float[] x, int x0, int[] rowAt, int width, int outHeight, int outWidth, float[] b, int b0, int ldb,
                     float[] c, int ldc, boolean accumulate, int n, int q0, int q1) {
        int wide = n / (4 * L) * (4 * L);     // columns in blocks of 4 vectors: 4 rows x 4 vectors
        if (wide > 0) {
            int q = q0;
            for (; q + 4 <= q1; q += 4) {
                for (int j = 0; j < wide; j += 4 * L) {
                    tile4x4(x, x0, rowAt, q, width, outHeight, outWidth, b, b0 + j, ldb, c, q * ldc + j, ldc, accumulate);
                }
            }
            for (; q < q1; q++) {
                for (int j = 0; j < wide; j += L) {
                    row(x, x0 + rowAt[q], width, outHeight, outWidth, b, b0 + j, ldb, c, q * ldc + j, accumulate);
                }
            }
        }
        int q = q0;
        for (; q + 8 <= q1; q += 8) {
            int j = wide;
            for (; j + 2 * L <= n; j += 2 * L) {
                tile8x2(x, x0, rowAt, q, width, outHeight, outWidth, b, b0 + j, ldb, c, q * ldc + j, ldc, accumulate);
            }
            for (; j + L <= n; j += L) {
                tile8x1(x, x0, rowAt, q, width, outHeight, outWidth, b, b0 + j, ldb, c, q * ldc + j, ldc, accumulate);
            }
        }
        for (; q < q1; q++) {
            int j = wide;
            for (; j + L <= n; j += L) {
                row(x, x0 + rowAt[q], width, outHeight, outWidth, b, b0 + j, ldb, c, q * ldc + j, accumulate);
            }
        }
    }

    /**
     * {@link Kernels#gemmPackedInputRows}: the 8-row blocks of A as {@link RegisterTile#packRows} lays them out (A(i + r, p)
     * at i k + 8 p + r), against 2 vectors, then 1, of x's pixels read at each row's offset; the rows past the last
     * block (row-major after the blocks) one vector at a time. Where it pays: {@code Im2ColConv}'s forward pass.
     */
    static void forward(float[] packed, int m, float[] x, int x0, int[] rowAt, float[] bias, float[] c, int ldc, int k,
                        int width) {
        int m8 = m / 8 * 8;
        for (int i = 0; i < m8; i += 8) {
            int j = 0;
            for (; j + 2 * L <= width; j += 2 * L) {
                forward8x2(packed, i * k, x, x0 + j, rowAt, bias, i, c, i * ldc + j, ldc, k);
            }
            for (; j < width; j += L) {
                forward8x1(packed, i * k, x, x0 + j, rowAt, bias, i, c, i * ldc + j, ldc, k);
            }
        }
        for (int i = m8; i < m; i++) {
            for (int j = 0; j < width; j += L) {
                FloatVector s = FloatVector.broadcast(S, bias[i]);
                for (int p = 0; p < k; p++) {
                    s = FloatVector.broadcast(S, packed[i * k + p]).fma(FloatVector.fromArray(S, x, x0 + rowAt[p] + j), s);
                }
                s.intoArray(c, i * ldc + j);
            }
        }
    }

    // rows i.. i+8 of the block packed from a0 against the 2 vectors of pixels from x0 (each row p of cols at x0 + rowAt[p])
    private static void forward8x2(float[] a, int a0, float[] x, int x0, int[] rowAt, float[] bias, int i, float[] c,
                                   int c0, int ldc, int k) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s00 = FloatVector.broadcast(S, bias[i]), s01 = s00;
        FloatVector s10 = FloatVector.broadcast(S, bias[i + 1]), s11 = s10;
        FloatVector s20 = FloatVector.broadcast(S, bias[i + 2]), s21 = s20;
        FloatVector s30 = FloatVector.broadcast(S, bias[i + 3]), s31 = s30;
        FloatVector s40 = FloatVector.broadcast(S, bias[i + 4]), s41 = s40;
        FloatVector s50 = FloatVector.broadcast(S, bias[i + 5]), s51 = s50;
        FloatVector s60 = FloatVector.broadcast(S, bias[i + 6]), s61 = s60;
        FloatVector s70 = FloatVector.broadcast(S, bias[i + 7]), s71 = s70;
        for (int p = 0; p < k; p++) {
            int bp = x0 + rowAt[p], q = a0 + p * 8;
            FloatVector v0 = FloatVector.fromArray(S, x, bp), v1 = FloatVector.fromArray(S, x, bp + L);
            FloatVector t = FloatVector.broadcast(S, a[q]);
            s00 = t.fma(v0, s00);
            s01 = t.fma(v1, s01);
            t = FloatVector.broadcast(S, a[q + 1]);
            s10 = t.fma(v0, s10);
            s11 = t.fma(v1, s11);
            t = FloatVector.broadcast(S, a[q + 2]);
            s20 = t.fma(v0, s20);
            s21 = t.fma(v1, s21);
            t = FloatVector.broadcast(S, a[q + 3]);
            s30 = t.fma(v0, s30);
            s31 = t.fma(v1, s31);
            t = FloatVector.broadcast(S, a[q + 4]);
            s40 = t.fma(v0, s40);
            s41 = t.fma(v1, s41);
            t = FloatVector.broadcast(S, a[q + 5]);
            s50 = t.fma(v0, s50);
            s51 = t.fma(v1, s51);
            t = FloatVector.broadcast(S, a[q + 6]);
            s60 = t.fma(v0, s60);
            s61 = t.fma(v1, s61);
            t = FloatVector.broadcast(S, a[q + 7]);
            s70 = t.fma(v0, s70);
            s71 = t.fma(v1, s71);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + L);
        s50.intoArray(c, c5);
        s51.intoArray(c, c5 + L);
        s60.intoArray(c, c6);
        s61.intoArray(c, c6 + L);
        s70.intoArray(c, c7);
        s71.intoArray(c, c7 + L);
    }

    // rows i.. i+8 of the block packed from a0 against one vector of pixels from x0
    private static void forward8x1(float[] a, int a0, float[] x, int x0, int[] rowAt, float[] bias, int i, float[] c,
                                   int c0, int ldc, int k) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s0 = FloatVector.broadcast(S, bias[i]), s1 = FloatVector.broadcast(S, bias[i + 1]);
        FloatVector s2 = FloatVector.broadcast(S, bias[i + 2]), s3 = FloatVector.broadcast(S, bias[i + 3]);
        FloatVector s4 = FloatVector.broadcast(S, bias[i + 4]), s5 = FloatVector.broadcast(S, bias[i + 5]);
        FloatVector s6 = FloatVector.broadcast(S, bias[i + 6]), s7 = FloatVector.broadcast(S, bias[i + 7]);
        for (int p = 0; p < k; p++) {
            int q = a0 + p * 8;
            FloatVector v = FloatVector.fromArray(S, x, x0 + rowAt[p]);
            s0 = FloatVector.broadcast(S, a[q]).fma(v, s0);
            s1 = FloatVector.broadcast(S, a[q + 1]).fma(v, s1);
            s2 = FloatVector.broadcast(S, a[q + 2]).fma(v, s2);
            s3 = FloatVector.broadcast(S, a[q + 3]).fma(v, s3);
            s4 = FloatVector.broadcast(S, a[q + 4]).fma(v, s4);
            s5 = FloatVector.broadcast(S, a[q + 5]).fma(v, s5);
            s6 = FloatVector.broadcast(S, a[q + 6]).fma(v, s6);
            s7 = FloatVector.broadcast(S, a[q + 7]).fma(v, s7);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c1);
        s2.intoArray(c, c2);
        s3.intoArray(c, c3);
        s4.intoArray(c, c4);
        s5.intoArray(c, c5);
        s6.intoArray(c, c6);
        s7.intoArray(c, c7);
    }

    /*
     * 4 rows x 4 vectors: per pixel 4 broadcasts and 4 loads of B for 16 fused multiply-adds, where 8 x 2 needs 8 and 2.
     * The Keras convnet's second layer's product (64 outputs), one thread: 1.70-1.74 ms against 1.93-2.03 for 8 x 2;
     * 6 x 4 (24 accumulators) ran 2.5x slower (bench/results/LAB-LOG.md, "The convolution's weight gradient read in
     * place").
     */
    private static void tile4x4(float[] x, int x0, int[] rowAt, int q, int width, int outHeight, int outWidth,
                                float[] b, int j0, int ldb, float[] c, int c0, int ldc, boolean accumulate) {
        int a0 = x0 + rowAt[q], a1 = x0 + rowAt[q + 1], a2 = x0 + rowAt[q + 2], a3 = x0 + rowAt[q + 3];
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector s00 = init(c, c0, accumulate), s01 = init(c, c0 + L, accumulate);
        FloatVector s02 = init(c, c0 + 2 * L, accumulate), s03 = init(c, c0 + 3 * L, accumulate);
        FloatVector s10 = init(c, c1, accumulate), s11 = init(c, c1 + L, accumulate);
        FloatVector s12 = init(c, c1 + 2 * L, accumulate), s13 = init(c, c1 + 3 * L, accumulate);
        FloatVector s20 = init(c, c2, accumulate), s21 = init(c, c2 + L, accumulate);
        FloatVector s22 = init(c, c2 + 2 * L, accumulate), s23 = init(c, c2 + 3 * L, accumulate);
        FloatVector s30 = init(c, c3, accumulate), s31 = init(c, c3 + L, accumulate);
        FloatVector s32 = init(c, c3 + 2 * L, accumulate), s33 = init(c, c3 + 3 * L, accumulate);
        for (int oh = 0, bp = j0; oh < outHeight; oh++) {
            for (int u = oh * width, end = u + outWidth; u < end; u++, bp += ldb) {    // pixel p = oh*OW + ow, B row p at bp
                FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector v2 = FloatVector.fromArray(S, b, bp + 2 * L), v3 = FloatVector.fromArray(S, b, bp + 3 * L);
                FloatVector t = FloatVector.broadcast(S, x[a0 + u]);
                s00 = t.fma(v0, s00);
                s01 = t.fma(v1, s01);
                s02 = t.fma(v2, s02);
                s03 = t.fma(v3, s03);
                t = FloatVector.broadcast(S, x[a1 + u]);
                s10 = t.fma(v0, s10);
                s11 = t.fma(v1, s11);
                s12 = t.fma(v2, s12);
                s13 = t.fma(v3, s13);
                t = FloatVector.broadcast(S, x[a2 + u]);
                s20 = t.fma(v0, s20);
                s21 = t.fma(v1, s21);
                s22 = t.fma(v2, s22);
                s23 = t.fma(v3, s23);
                t = FloatVector.broadcast(S, x[a3 + u]);
                s30 = t.fma(v0, s30);
                s31 = t.fma(v1, s31);
                s32 = t.fma(v2, s32);
                s33 = t.fma(v3, s33);
            }
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s02.intoArray(c, c0 + 2 * L);
        s03.intoArray(c, c0 + 3 * L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s12.intoArray(c, c1 + 2 * L);
        s13.intoArray(c, c1 + 3 * L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s22.intoArray(c, c2 + 2 * L);
        s23.intoArray(c, c2 + 3 * L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s32.intoArray(c, c3 + 2 * L);
        s33.intoArray(c, c3 + 3 * L);
    }

    // rows q of 8 at a time against columns j0 .. j0 + 2L of B, into C from c0
    private static void tile8x2(float[] x, int x0, int[] rowAt, int q, int width, int outHeight, int outWidth,
                                float[] b, int j0, int ldb, float[] c, int c0, int ldc, boolean accumulate) {
        int a0 = x0 + rowAt[q], a1 = x0 + rowAt[q + 1], a2 = x0 + rowAt[q + 2], a3 = x0 + rowAt[q + 3];
        int a4 = x0 + rowAt[q + 4], a5 = x0 + rowAt[q + 5], a6 = x0 + rowAt[q + 6], a7 = x0 + rowAt[q + 7];
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s00 = init(c, c0, accumulate), s01 = init(c, c0 + L, accumulate);
        FloatVector s10 = init(c, c1, accumulate), s11 = init(c, c1 + L, accumulate);
        FloatVector s20 = init(c, c2, accumulate), s21 = init(c, c2 + L, accumulate);
        FloatVector s30 = init(c, c3, accumulate), s31 = init(c, c3 + L, accumulate);
        FloatVector s40 = init(c, c4, accumulate), s41 = init(c, c4 + L, accumulate);
        FloatVector s50 = init(c, c5, accumulate), s51 = init(c, c5 + L, accumulate);
        FloatVector s60 = init(c, c6, accumulate), s61 = init(c, c6 + L, accumulate);
        FloatVector s70 = init(c, c7, accumulate), s71 = init(c, c7 + L, accumulate);
        for (int oh = 0, bp = j0; oh < outHeight; oh++) {
            for (int u = oh * width, end = u + outWidth; u < end; u++, bp += ldb) {    // pixel p = oh*OW + ow, B row p at bp
                FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L);
                FloatVector t = FloatVector.broadcast(S, x[a0 + u]);
                s00 = t.fma(v0, s00);
                s01 = t.fma(v1, s01);
                t = FloatVector.broadcast(S, x[a1 + u]);
                s10 = t.fma(v0, s10);
                s11 = t.fma(v1, s11);
                t = FloatVector.broadcast(S, x[a2 + u]);
                s20 = t.fma(v0, s20);
                s21 = t.fma(v1, s21);
                t = FloatVector.broadcast(S, x[a3 + u]);
                s30 = t.fma(v0, s30);
                s31 = t.fma(v1, s31);
                t = FloatVector.broadcast(S, x[a4 + u]);
                s40 = t.fma(v0, s40);
                s41 = t.fma(v1, s41);
                t = FloatVector.broadcast(S, x[a5 + u]);
                s50 = t.fma(v0, s50);
                s51 = t.fma(v1, s51);
                t = FloatVector.broadcast(S, x[a6 + u]);
                s60 = t.fma(v0, s60);
                s61 = t.fma(v1, s61);
                t = FloatVector.broadcast(S, x[a7 + u]);
                s70 = t.fma(v0, s70);
                s71 = t.fma(v1, s71);
            }
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
        s40.intoArray(c, c4);
        s41.intoArray(c, c4 + L);
        s50.intoArray(c, c5);
        s51.intoArray(c, c5 + L);
        s60.intoArray(c, c6);
        s61.intoArray(c, c6 + L);
        s70.intoArray(c, c7);
        s71.intoArray(c, c7 + L);
    }

    // rows q of 8 at a time against columns j0 .. j0 + L of B, into C from c0 (a layer of one vector of outputs)
    private static void tile8x1(float[] x, int x0, int[] rowAt, int q, int width, int outHeight, int outWidth,
                                float[] b, int j0, int ldb, float[] c, int c0, int ldc, boolean accumulate) {
        int a0 = x0 + rowAt[q], a1 = x0 + rowAt[q + 1], a2 = x0 + rowAt[q + 2], a3 = x0 + rowAt[q + 3];
        int a4 = x0 + rowAt[q + 4], a5 = x0 + rowAt[q + 5], a6 = x0 + rowAt[q + 6], a7 = x0 + rowAt[q + 7];
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s0 = init(c, c0, accumulate), s1 = init(c, c1, accumulate), s2 = init(c, c2, accumulate);
        FloatVector s3 = init(c, c3, accumulate), s4 = init(c, c4, accumulate), s5 = init(c, c5, accumulate);
        FloatVector s6 = init(c, c6, accumulate), s7 = init(c, c7, accumulate);
        for (int oh = 0, bp = j0; oh < outHeight; oh++) {
            for (int u = oh * width, end = u + outWidth; u < end; u++, bp += ldb) {
                FloatVector v = FloatVector.fromArray(S, b, bp);
                s0 = FloatVector.broadcast(S, x[a0 + u]).fma(v, s0);
                s1 = FloatVector.broadcast(S, x[a1 + u]).fma(v, s1);
                s2 = FloatVector.broadcast(S, x[a2 + u]).fma(v, s2);
                s3 = FloatVector.broadcast(S, x[a3 + u]).fma(v, s3);
                s4 = FloatVector.broadcast(S, x[a4 + u]).fma(v, s4);
                s5 = FloatVector.broadcast(S, x[a5 + u]).fma(v, s5);
                s6 = FloatVector.broadcast(S, x[a6 + u]).fma(v, s6);
                s7 = FloatVector.broadcast(S, x[a7 + u]).fma(v, s7);
            }
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c1);
        s2.intoArray(c, c2);
        s3.intoArray(c, c3);
        s4.intoArray(c, c4);
        s5.intoArray(c, c5);
        s6.intoArray(c, c6);
        s7.intoArray(c, c7);
    }

    // one row of A, read in x from a, against columns j0 .. j0 + L of B, into C at c0
    private static void row(float[] x, int a, int width, int outHeight, int outWidth, float[] b, int j0, int ldb,
                            float[] c, int c0, boolean accumulate) {
        FloatVector s = init(c, c0, accumulate);
        for (int oh = 0, bp = j0; oh < outHeight; oh++) {
            for (int u = oh * width, end = u + outWidth; u < end; u++, bp += ldb) {
                s = FloatVector.broadcast(S, x[a + u]).fma(FloatVector.fromArray(S, b, bp), s);
            }
        }
        s.intoArray(c, c0);
    }

    private static FloatVector init(float[] c, int at, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(S, c, at) : FloatVector.zero(S);
    }
}
