package digitnet.tensor;

import digitnet.tensor.Kernels.Start;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one register tile of the vector kernels, shared by the matrix products ({@link
 * VectorKernels#gemm}, one call per cache block of B) and the im2col convolution ({@link
 * Im2ColConv}, one call per sample): rows i of C, a whole number of vectors wide, with every
 * operand addressed by an offset and strides, so that a block of a larger array is read and
 * written in place. Tiles of 8 rows x 2 vectors (16 accumulators: 8 are too few to cover the
 * FMA's latency on two ports, and 24 made C2 give up on keeping the vectors in registers, 25x
 * slower; {@code TileProfile} measures it), then 4 rows x 2 vectors, 1 row x 2 vectors, 1
 * vector; every element of C is one chain of fused multiply-adds over p in order, whatever the
 * tile or the thread that computes it. {@link #dots} is the convolution's other product, dot
 * products along rows kept as lane-wise partial sums.
 */
final class RegisterTile {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private RegisterTile() {}

    /** {@link Kernels#gemmBlock}: width a multiple of L. */
    static void gemm(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb,
                     float[] c, int cOff, int ldc, float[] bias, Start start, int k, int width, int i0, int i1) {
        if (aCol == 1 && i1 - i0 >= 16 && width >= 2 * L && 2 * L * k <= PANEL_FLOATS) {
            gemmRows(a, aOff, aRow, b, bOff, ldb, c, cOff, ldc, bias, start, k, width, i0, i1);
            return;
        }
        int j = 0;
        for (; j + 2 * L <= width; j += 2 * L) {
            int i = i0;
            for (; i + 8 <= i1; i += 8) {
                tile8x2(a, aOff + i * aRow, aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, bias, i, j, start, k);
            }
            for (; i + 4 <= i1; i += 4) {
                tile4x2(a, aOff + i * aRow, aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, bias, i, j, start, k);
            }
            for (; i < i1; i++) {
                tile1(a, aOff + i * aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, bias, i, j, start, k);
                tile1(a, aOff + i * aRow, aCol, b, bOff + j + L, ldb, c, cOff + i * ldc + j + L, bias, i, j + L, start, k);
            }
        }
        for (; j < width; j += L) {
            oneVector(a, aOff, aRow, aCol, b, bOff, ldb, c, cOff, ldc, bias, start, k, j, i0, i1);
        }
    }

    /**
     * Columns j .. j+L of rows [i0, i1): 8 rows at a time (8 chains of fused multiply-adds in flight,
     * enough to cover the FMA's latency; one row alone waits on each), then row by row. A product one
     * vector wide (the weight gradient of a convolution of 16 outputs) is all of this.
     */
    private static void oneVector(float[] a, int aOff, int aRow, int aCol, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc, float[] bias, Start start, int k, int j, int i0, int i1) {
        int i = i0;
        for (; i + 8 <= i1; i += 8) {
            tile8x1(a, aOff + i * aRow, aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, bias, i, j, start, k);
        }
        for (; i < i1; i++) {
            tile1(a, aOff + i * aRow, aCol, b, bOff + j, ldb, c, cOff + i * ldc + j, bias, i, j, start, k);
        }
    }

    // rows a0 + r*aRow (r < 8) of A against columns b0 .. b0 + L of B into C from c0
    private static void tile8x1(float[] a, int a0, int aRow, int aCol, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, float[] bias, int i, int j, Start start, int k) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s0 = init(c, c0, bias, i, j, start), s1 = init(c, c1, bias, i + 1, j, start);
        FloatVector s2 = init(c, c2, bias, i + 2, j, start), s3 = init(c, c3, bias, i + 3, j, start);
        FloatVector s4 = init(c, c4, bias, i + 4, j, start), s5 = init(c, c5, bias, i + 5, j, start);
        FloatVector s6 = init(c, c6, bias, i + 6, j, start), s7 = init(c, c7, bias, i + 7, j, start);
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow, a6 = a5 + aRow, a7 = a6 + aRow;
        for (int p = 0; p < k; p++) {
            FloatVector v = FloatVector.fromArray(S, b, b0 + p * ldb);
            int ap = p * aCol;
            s0 = FloatVector.broadcast(S, a[a0 + ap]).fma(v, s0);
            s1 = FloatVector.broadcast(S, a[a1 + ap]).fma(v, s1);
            s2 = FloatVector.broadcast(S, a[a2 + ap]).fma(v, s2);
            s3 = FloatVector.broadcast(S, a[a3 + ap]).fma(v, s3);
            s4 = FloatVector.broadcast(S, a[a4 + ap]).fma(v, s4);
            s5 = FloatVector.broadcast(S, a[a5 + ap]).fma(v, s5);
            s6 = FloatVector.broadcast(S, a[a6 + ap]).fma(v, s6);
            s7 = FloatVector.broadcast(S, a[a7 + ap]).fma(v, s7);
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

    /** The largest (k, 2L) panel of B {@link #gemmRows} copies: 16 KB, so that it stays in the first-level cache. */
    static final int PANEL_FLOATS = 4096;

    /**
     * {@link #gemm} for A row-major (its rows contiguous along p), at least two tiles of rows and a short
     * k (a convolution's weight gradient, k = the padded pixels): for each 2 vectors' columns of B, those
     * columns copied into a (k, 2L) panel, then the 8 x 2 tile on 8 rows of A read in place and the
     * panel, both at constant strides along p, so the loop runs without bounds checks; the rows past
     * the last whole tile as {@link #gemm} takes them. The same chains of fused multiply-adds as
     * {@link #gemm}: the same bits. With k = 784 (a perceptron's first layer) the panel outgrew the
     * cache and the epoch was slower, hence the bound.
     */
    private static void gemmRows(float[] a, int aOff, int aRow, float[] b, int bOff, int ldb,
                                 float[] c, int cOff, int ldc, float[] bias, Start start, int k, int width, int i0, int i1) {
        float[][] scratch = PANEL.get();
        if (scratch[0].length < 2 * L * k) {
            scratch[0] = new float[2 * L * k];
        }
        float[] panel = scratch[0];
        int e8 = i0 + (i1 - i0) / 8 * 8;
        int j = 0;
        for (; j + 2 * L <= width; j += 2 * L) {
            for (int p = 0, from = bOff + j, to = 0; p < k; p++, from += ldb, to += 2 * L) {
                FloatVector.fromArray(S, b, from).intoArray(panel, to);
                FloatVector.fromArray(S, b, from + L).intoArray(panel, to + L);
            }
            for (int i = i0; i < e8; i += 8) {
                tile8x2Rows(a, aOff + i * aRow, aRow, panel, c, cOff + i * ldc + j, ldc, bias, i, j, start, k);
            }
            int i = e8;
            for (; i + 4 <= i1; i += 4) {
                tile4x2(a, aOff + i * aRow, aRow, 1, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, bias, i, j, start, k);
            }
            for (; i < i1; i++) {
                tile1(a, aOff + i * aRow, 1, b, bOff + j, ldb, c, cOff + i * ldc + j, bias, i, j, start, k);
                tile1(a, aOff + i * aRow, 1, b, bOff + j + L, ldb, c, cOff + i * ldc + j + L, bias, i, j + L, start, k);
            }
        }
        for (; j < width; j += L) {
            oneVector(a, aOff, aRow, 1, b, bOff, ldb, c, cOff, ldc, bias, start, k, j, i0, i1);
        }
    }

    // rows a0 + r*aRow (r < 8) of A, contiguous along p, against the panel (k, 2L) into C from c0:
    // tile8x2 with both strides fixed in the code. Calling tile8x2 with aCol 1 and ldb 2L instead measured
    // 10-20% slower (TileProfile weights 96-109 against 121-126 GFLOP/s): the strides, as arguments, do not
    // let the compiler drop the bounds checks.
    private static void tile8x2Rows(float[] a, int a0, int aRow, float[] panel, float[] c, int c0, int ldc,
                                    float[] bias, int i, int j, Start start, int k) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s00 = init(c, c0, bias, i, j, start), s01 = init(c, c0 + L, bias, i, j + L, start);
        FloatVector s10 = init(c, c1, bias, i + 1, j, start), s11 = init(c, c1 + L, bias, i + 1, j + L, start);
        FloatVector s20 = init(c, c2, bias, i + 2, j, start), s21 = init(c, c2 + L, bias, i + 2, j + L, start);
        FloatVector s30 = init(c, c3, bias, i + 3, j, start), s31 = init(c, c3 + L, bias, i + 3, j + L, start);
        FloatVector s40 = init(c, c4, bias, i + 4, j, start), s41 = init(c, c4 + L, bias, i + 4, j + L, start);
        FloatVector s50 = init(c, c5, bias, i + 5, j, start), s51 = init(c, c5 + L, bias, i + 5, j + L, start);
        FloatVector s60 = init(c, c6, bias, i + 6, j, start), s61 = init(c, c6 + L, bias, i + 6, j + L, start);
        FloatVector s70 = init(c, c7, bias, i + 7, j, start), s71 = init(c, c7 + L, bias, i + 7, j + L, start);
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow, a6 = a5 + aRow, a7 = a6 + aRow;
        for (int p = 0; p < k; p++) {
            FloatVector v0 = FloatVector.fromArray(S, panel, p * 2 * L), v1 = FloatVector.fromArray(S, panel, p * 2 * L + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            s00 = x.fma(v0, s00);
            s01 = x.fma(v1, s01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            s10 = x.fma(v0, s10);
            s11 = x.fma(v1, s11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            s20 = x.fma(v0, s20);
            s21 = x.fma(v1, s21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            s30 = x.fma(v0, s30);
            s31 = x.fma(v1, s31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            s40 = x.fma(v0, s40);
            s41 = x.fma(v1, s41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            s50 = x.fma(v0, s50);
            s51 = x.fma(v1, s51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            s60 = x.fma(v0, s60);
            s61 = x.fma(v1, s61);
            x = FloatVector.broadcast(S, a[a7 + p]);
            s70 = x.fma(v0, s70);
            s71 = x.fma(v1, s71);
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

    /** Per-thread scratch: B's panel of 2 vectors' columns for {@link #gemmPacked}. */
    private static final ThreadLocal<float[][]> PANEL = ThreadLocal.withInitial(() -> new float[1][0]);

    /**
     * {@link Kernels#packRows}: rows in blocks of 8, block t at 8tk holding A(8t + r, p) at p * 8 + r;
     * the rows past the last whole block row-major after them (A(i, p) at i * k + p).
     */
    static void packRows(float[] a, int aOff, int aRow, int aCol, int m, int k, float[] packed) {
        int m8 = m / 8 * 8;
        for (int t = 0; t < m8; t += 8) {
            for (int r = 0; r < 8; r++) {
                int from = aOff + (t + r) * aRow;
                for (int p = 0, to = t * k + r; p < k; p++, to += 8) {
                    packed[to] = a[from + p * aCol];
                }
            }
        }
        for (int i = m8; i < m; i++) {
            for (int p = 0; p < k; p++) {
                packed[i * k + p] = a[aOff + i * aRow + p * aCol];
            }
        }
    }

    /**
     * {@link Kernels#gemmPacked}: width a multiple of L. The whole blocks of 8 rows run the 8 x 2 tile on
     * A's block and on B's columns copied into a (k, 2L) panel, both read at constant strides (172
     * against 120 GFLOP/s for the tile on one core with both operands strided, {@code TileProfile}); the
     * rest runs {@link #gemm} on the row-major rows, or the 1-vector tile on a block's rows.
     */
    static void gemmPacked(float[] packed, int m, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] bias,
                           Start start, int k, int width, int i0, int i1) {
        int m8 = m / 8 * 8, inBlocks = Math.min(i1, m8), e8 = inBlocks / 8 * 8;
        if (i0 < e8) {
            float[][] scratch = PANEL.get();
            if (scratch[0].length < 2 * L * k) {
                scratch[0] = new float[2 * L * k];
            }
            float[] panel = scratch[0];
            int j = 0;
            for (; j + 2 * L <= width; j += 2 * L) {
                for (int p = 0, from = bOff + j, to = 0; p < k; p++, from += ldb, to += 2 * L) {
                    FloatVector.fromArray(S, b, from).intoArray(panel, to);
                    FloatVector.fromArray(S, b, from + L).intoArray(panel, to + L);
                }
                for (int i = i0; i < e8; i += 8) {
                    tile8x2Packed(packed, i * k, panel, c, cOff + i * ldc + j, ldc, bias, i, j, start, k);
                }
            }
            for (; j < width; j += L) {
                for (int i = i0; i < e8; i += 8) {      // a block's 8 rows: A(i + r, p) at i k + p 8 + r
                    tile8x1(packed, i * k, 1, 8, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, bias, i, j, start, k);
                }
            }
        }
        for (int i = Math.max(i0, e8); i < inBlocks; i++) {      // rows of a block the range ends inside
            for (int j = 0; j < width; j += L) {
                tile1(packed, i / 8 * 8 * k + i % 8, 8, b, bOff + j, ldb, c, cOff + i * ldc + j, bias, i, j, start, k);
            }
        }
        if (Math.max(i0, m8) < i1) {
            gemm(packed, 0, k, 1, b, bOff, ldb, c, cOff, ldc, bias, start, k, width, Math.max(i0, m8), i1);
        }
    }

    // rows of the 8-row block packed from a0 (A(r, p) at a0 + p * 8 + r) against the panel (k, 2L) into C from c0
    private static void tile8x2Packed(float[] packed, int a0, float[] panel, float[] c, int c0, int ldc, float[] bias,
                                      int i, int j, Start start, int k) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s00 = init(c, c0, bias, i, j, start), s01 = init(c, c0 + L, bias, i, j + L, start);
        FloatVector s10 = init(c, c1, bias, i + 1, j, start), s11 = init(c, c1 + L, bias, i + 1, j + L, start);
        FloatVector s20 = init(c, c2, bias, i + 2, j, start), s21 = init(c, c2 + L, bias, i + 2, j + L, start);
        FloatVector s30 = init(c, c3, bias, i + 3, j, start), s31 = init(c, c3 + L, bias, i + 3, j + L, start);
        FloatVector s40 = init(c, c4, bias, i + 4, j, start), s41 = init(c, c4 + L, bias, i + 4, j + L, start);
        FloatVector s50 = init(c, c5, bias, i + 5, j, start), s51 = init(c, c5 + L, bias, i + 5, j + L, start);
        FloatVector s60 = init(c, c6, bias, i + 6, j, start), s61 = init(c, c6 + L, bias, i + 6, j + L, start);
        FloatVector s70 = init(c, c7, bias, i + 7, j, start), s71 = init(c, c7 + L, bias, i + 7, j + L, start);
        for (int p = 0; p < k; p++) {
            FloatVector v0 = FloatVector.fromArray(S, panel, p * 2 * L), v1 = FloatVector.fromArray(S, panel, p * 2 * L + L);
            int q = a0 + p * 8;
            FloatVector x = FloatVector.broadcast(S, packed[q]);
            s00 = x.fma(v0, s00);
            s01 = x.fma(v1, s01);
            x = FloatVector.broadcast(S, packed[q + 1]);
            s10 = x.fma(v0, s10);
            s11 = x.fma(v1, s11);
            x = FloatVector.broadcast(S, packed[q + 2]);
            s20 = x.fma(v0, s20);
            s21 = x.fma(v1, s21);
            x = FloatVector.broadcast(S, packed[q + 3]);
            s30 = x.fma(v0, s30);
            s31 = x.fma(v1, s31);
            x = FloatVector.broadcast(S, packed[q + 4]);
            s40 = x.fma(v0, s40);
            s41 = x.fma(v1, s41);
            x = FloatVector.broadcast(S, packed[q + 5]);
            s50 = x.fma(v0, s50);
            s51 = x.fma(v1, s51);
            x = FloatVector.broadcast(S, packed[q + 6]);
            s60 = x.fma(v0, s60);
            s61 = x.fma(v1, s61);
            x = FloatVector.broadcast(S, packed[q + 7]);
            s70 = x.fma(v0, s70);
            s71 = x.fma(v1, s71);
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

    // the accumulators of row i, columns j..j+L, stored in C at `at`
    private static FloatVector init(float[] c, int at, float[] bias, int i, int j, Start start) {
        return switch (start) {
            case ZERO -> FloatVector.zero(S);
            case COLUMN_BIAS -> FloatVector.fromArray(S, bias, j);
            case ROW_BIAS -> FloatVector.broadcast(S, bias[i]);
            case ACCUMULATE -> FloatVector.fromArray(S, c, at);
        };
    }

    // rows a0 + r*aRow (r < 8) of A against columns b0 .. b0 + 2L of B into C from c0
    private static void tile8x2(float[] a, int a0, int aRow, int aCol, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, float[] bias, int i, int j, Start start, int k) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc, c6 = c5 + ldc, c7 = c6 + ldc;
        FloatVector s00 = init(c, c0, bias, i, j, start), s01 = init(c, c0 + L, bias, i, j + L, start);
        FloatVector s10 = init(c, c1, bias, i + 1, j, start), s11 = init(c, c1 + L, bias, i + 1, j + L, start);
        FloatVector s20 = init(c, c2, bias, i + 2, j, start), s21 = init(c, c2 + L, bias, i + 2, j + L, start);
        FloatVector s30 = init(c, c3, bias, i + 3, j, start), s31 = init(c, c3 + L, bias, i + 3, j + L, start);
        FloatVector s40 = init(c, c4, bias, i + 4, j, start), s41 = init(c, c4 + L, bias, i + 4, j + L, start);
        FloatVector s50 = init(c, c5, bias, i + 5, j, start), s51 = init(c, c5 + L, bias, i + 5, j + L, start);
        FloatVector s60 = init(c, c6, bias, i + 6, j, start), s61 = init(c, c6 + L, bias, i + 6, j + L, start);
        FloatVector s70 = init(c, c7, bias, i + 7, j, start), s71 = init(c, c7 + L, bias, i + 7, j + L, start);
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow, a4 = a3 + aRow, a5 = a4 + aRow, a6 = a5 + aRow, a7 = a6 + aRow;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb, ap = p * aCol;
            FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            s00 = x.fma(v0, s00);
            s01 = x.fma(v1, s01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            s10 = x.fma(v0, s10);
            s11 = x.fma(v1, s11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            s20 = x.fma(v0, s20);
            s21 = x.fma(v1, s21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            s30 = x.fma(v0, s30);
            s31 = x.fma(v1, s31);
            x = FloatVector.broadcast(S, a[a4 + ap]);
            s40 = x.fma(v0, s40);
            s41 = x.fma(v1, s41);
            x = FloatVector.broadcast(S, a[a5 + ap]);
            s50 = x.fma(v0, s50);
            s51 = x.fma(v1, s51);
            x = FloatVector.broadcast(S, a[a6 + ap]);
            s60 = x.fma(v0, s60);
            s61 = x.fma(v1, s61);
            x = FloatVector.broadcast(S, a[a7 + ap]);
            s70 = x.fma(v0, s70);
            s71 = x.fma(v1, s71);
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

    // rows a0 + r*aRow (r < 4) of A against columns b0 .. b0 + 2L of B into C from c0
    private static void tile4x2(float[] a, int a0, int aRow, int aCol, float[] b, int b0, int ldb,
                                float[] c, int c0, int ldc, float[] bias, int i, int j, Start start, int k) {
        int c1 = c0 + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        FloatVector s00 = init(c, c0, bias, i, j, start), s01 = init(c, c0 + L, bias, i, j + L, start);
        FloatVector s10 = init(c, c1, bias, i + 1, j, start), s11 = init(c, c1 + L, bias, i + 1, j + L, start);
        FloatVector s20 = init(c, c2, bias, i + 2, j, start), s21 = init(c, c2 + L, bias, i + 2, j + L, start);
        FloatVector s30 = init(c, c3, bias, i + 3, j, start), s31 = init(c, c3 + L, bias, i + 3, j + L, start);
        int a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb, ap = p * aCol;
            FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + ap]);
            s00 = x.fma(v0, s00);
            s01 = x.fma(v1, s01);
            x = FloatVector.broadcast(S, a[a1 + ap]);
            s10 = x.fma(v0, s10);
            s11 = x.fma(v1, s11);
            x = FloatVector.broadcast(S, a[a2 + ap]);
            s20 = x.fma(v0, s20);
            s21 = x.fma(v1, s21);
            x = FloatVector.broadcast(S, a[a3 + ap]);
            s30 = x.fma(v0, s30);
            s31 = x.fma(v1, s31);
        }
        s00.intoArray(c, c0);
        s01.intoArray(c, c0 + L);
        s10.intoArray(c, c1);
        s11.intoArray(c, c1 + L);
        s20.intoArray(c, c2);
        s21.intoArray(c, c2 + L);
        s30.intoArray(c, c3);
        s31.intoArray(c, c3 + L);
    }

    // row a0 of A against columns b0 .. b0 + L of B into C at c0
    private static void tile1(float[] a, int a0, int aCol, float[] b, int b0, int ldb,
                              float[] c, int c0, float[] bias, int i, int j, Start start, int k) {
        FloatVector s = init(c, c0, bias, i, j, start);
        for (int p = 0; p < k; p++) {
            s = FloatVector.broadcast(S, a[a0 + p * aCol]).fma(FloatVector.fromArray(S, b, b0 + p * ldb), s);
        }
        s.intoArray(c, c0);
    }

    /**
     * {@link Kernels#laneDots}: k a multiple of L. Rows o in blocks of 4 against rows q in blocks
     * of 4 (16 accumulators: 8 loads per 16 fmas); every (o, q) pair is the same fma chain over p
     * whichever block computes it.
     */
    static void dots(float[] d, int dOff, float[] e, int eOff, float[] part, float[] biasPart, boolean accumulate,
                     int k, int rows, int o0, int o1) {
        for (int o = o0; o < o1; o++) {
            int dRow = dOff + o * k;
            FloatVector sum = accumulate ? FloatVector.fromArray(S, biasPart, (o - o0) * L) : FloatVector.zero(S);
            for (int p = 0; p < k; p += L) {
                sum = sum.add(FloatVector.fromArray(S, d, dRow + p));
            }
            sum.intoArray(biasPart, (o - o0) * L);
        }
        int o = o0;
        for (; o + 4 <= o1; o += 4) {
            int q = 0;
            for (; q + 4 <= rows; q += 4) {
                dots4x4(d, dOff + o * k, e, eOff + q * k, part, ((o - o0) * rows + q) * L, rows * L, accumulate, k);
            }
            for (int i = o; i < o + 4; i++) {
                dots1x4(d, dOff + i * k, e, eOff, part, (i - o0) * rows * L, accumulate, k, q, rows);
            }
        }
        for (; o < o1; o++) {
            dots1x4(d, dOff + o * k, e, eOff, part, (o - o0) * rows * L, accumulate, k, 0, rows);
        }
    }

    // rows d0 .. d0 + 4k of d against rows e0 .. e0 + 4k of e; part at a + i * ldp + j * L for pair (i, j)
    private static void dots4x4(float[] d, int d0, float[] e, int e0, float[] part, int a, int ldp, boolean accumulate,
                                int k) {
        int a1 = a + ldp, a2 = a1 + ldp, a3 = a2 + ldp;
        FloatVector s00 = start(part, a, accumulate), s01 = start(part, a + L, accumulate);
        FloatVector s02 = start(part, a + 2 * L, accumulate), s03 = start(part, a + 3 * L, accumulate);
        FloatVector s10 = start(part, a1, accumulate), s11 = start(part, a1 + L, accumulate);
        FloatVector s12 = start(part, a1 + 2 * L, accumulate), s13 = start(part, a1 + 3 * L, accumulate);
        FloatVector s20 = start(part, a2, accumulate), s21 = start(part, a2 + L, accumulate);
        FloatVector s22 = start(part, a2 + 2 * L, accumulate), s23 = start(part, a2 + 3 * L, accumulate);
        FloatVector s30 = start(part, a3, accumulate), s31 = start(part, a3 + L, accumulate);
        FloatVector s32 = start(part, a3 + 2 * L, accumulate), s33 = start(part, a3 + 3 * L, accumulate);
        for (int p = 0; p < k; p += L) {
            FloatVector e0v = FloatVector.fromArray(S, e, e0 + p), e1v = FloatVector.fromArray(S, e, e0 + k + p);
            FloatVector e2v = FloatVector.fromArray(S, e, e0 + 2 * k + p), e3v = FloatVector.fromArray(S, e, e0 + 3 * k + p);
            FloatVector x = FloatVector.fromArray(S, d, d0 + p);
            s00 = x.fma(e0v, s00);
            s01 = x.fma(e1v, s01);
            s02 = x.fma(e2v, s02);
            s03 = x.fma(e3v, s03);
            x = FloatVector.fromArray(S, d, d0 + k + p);
            s10 = x.fma(e0v, s10);
            s11 = x.fma(e1v, s11);
            s12 = x.fma(e2v, s12);
            s13 = x.fma(e3v, s13);
            x = FloatVector.fromArray(S, d, d0 + 2 * k + p);
            s20 = x.fma(e0v, s20);
            s21 = x.fma(e1v, s21);
            s22 = x.fma(e2v, s22);
            s23 = x.fma(e3v, s23);
            x = FloatVector.fromArray(S, d, d0 + 3 * k + p);
            s30 = x.fma(e0v, s30);
            s31 = x.fma(e1v, s31);
            s32 = x.fma(e2v, s32);
            s33 = x.fma(e3v, s33);
        }
        s00.intoArray(part, a);
        s01.intoArray(part, a + L);
        s02.intoArray(part, a + 2 * L);
        s03.intoArray(part, a + 3 * L);
        s10.intoArray(part, a1);
        s11.intoArray(part, a1 + L);
        s12.intoArray(part, a1 + 2 * L);
        s13.intoArray(part, a1 + 3 * L);
        s20.intoArray(part, a2);
        s21.intoArray(part, a2 + L);
        s22.intoArray(part, a2 + 2 * L);
        s23.intoArray(part, a2 + 3 * L);
        s30.intoArray(part, a3);
        s31.intoArray(part, a3 + L);
        s32.intoArray(part, a3 + 2 * L);
        s33.intoArray(part, a3 + 3 * L);
    }

    private static FloatVector start(float[] part, int a, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(S, part, a) : FloatVector.zero(S);
    }

    // row dRow of d against rows q0 .. rows of e, four at a time; part at at + q * L
    private static void dots1x4(float[] d, int dRow, float[] e, int eOff, float[] part, int at, boolean accumulate,
                                int k, int q0, int rows) {
        int q = q0;
        for (; q + 4 <= rows; q += 4) {
            int e0 = eOff + q * k, e1 = e0 + k, e2 = e1 + k, e3 = e2 + k, a = at + q * L;
            FloatVector s0 = start(part, a, accumulate), s1 = start(part, a + L, accumulate);
            FloatVector s2 = start(part, a + 2 * L, accumulate), s3 = start(part, a + 3 * L, accumulate);
            for (int p = 0; p < k; p += L) {
                FloatVector x = FloatVector.fromArray(S, d, dRow + p);
                s0 = x.fma(FloatVector.fromArray(S, e, e0 + p), s0);
                s1 = x.fma(FloatVector.fromArray(S, e, e1 + p), s1);
                s2 = x.fma(FloatVector.fromArray(S, e, e2 + p), s2);
                s3 = x.fma(FloatVector.fromArray(S, e, e3 + p), s3);
            }
            s0.intoArray(part, a);
            s1.intoArray(part, a + L);
            s2.intoArray(part, a + 2 * L);
            s3.intoArray(part, a + 3 * L);
        }
        for (; q < rows; q++) {
            int e0 = eOff + q * k, a = at + q * L;
            FloatVector s0 = start(part, a, accumulate);
            for (int p = 0; p < k; p += L) {
                s0 = FloatVector.fromArray(S, d, dRow + p).fma(FloatVector.fromArray(S, e, e0 + p), s0);
            }
            s0.intoArray(part, a);
        }
    }
}
