package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#gemmPackedAddInputRows}: a stride-1 convolution's input gradient, each row of the product
 * W^T dY_n added where col2im would add it, without writing the product (dCols) first. Row q = (c, kh, kw) of
 * dCols_n, laid out at the input's row pitch (oh * W + ow), belongs at x_n's channel c shifted by kh rows and kw
 * columns ({@code rowAt[q]}); so each tile's row of sums is added straight there. For the Keras convnet's second
 * layer that saves writing 166 KB of dCols a sample and reading them back. The tiles are 8 rows x 2 vectors and
 * 8 x 1 of {@link RegisterTile}'s packed A; every row's sum is the same chain of fused multiply-adds over p in order,
 * from 0, as {@code gemmPacked} gives, added to dX by one rounding. Im2ColConv orders the rows by tap, then channel,
 * so that a tile's rows land in 8 different channels: no add then loads floats the store just before it wrote (such
 * a load waits for the store), and each float of dX adds its taps in col2im's order.
 */
final class InputGradientTile {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private InputGradientTile() {}

    // dX[x0 + rowAt[i] + u] += sum over p < k of A(i, p) b[p * ldb + u], u < width (whole vectors)
    static void add(float[] packed, int m, float[] b, int ldb, float[] dX, int x0, int[] rowAt, int k, int width) {
        int m8 = m / 8 * 8;
        for (int i = 0; i < m8; i += 8) {
            int j = 0;
            for (; j + 2 * L <= width; j += 2 * L) {
                add8x2(packed, i * k, b, j, ldb, dX, x0 + j, rowAt, i, k);
            }
            for (; j < width; j += L) {
                add8x1(packed, i * k, b, j, ldb, dX, x0 + j, rowAt, i, k);
            }
        }
        for (int i = m8; i < m; i++) {                 // rows past the last block of 8: packed row-major
            for (int j = 0; j < width; j += L) {
                FloatVector s = FloatVector.zero(S);
                for (int p = 0; p < k; p++) {
                    s = FloatVector.broadcast(S, packed[i * k + p]).fma(FloatVector.fromArray(S, b, p * ldb + j), s);
                }
                FloatVector.fromArray(S, dX, x0 + j + rowAt[i]).add(s).intoArray(dX, x0 + j + rowAt[i]);
            }
        }
    }

    // rows i..i+8 of the block packed from a0 (A(r, p) at a0 + p * 8 + r) against 2 vectors of b's columns from j
    private static void add8x2(float[] a, int a0, float[] b, int j, int ldb, float[] dX, int x0, int[] rowAt, int i,
                               int k) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00;
        FloatVector s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00, s60 = s00, s61 = s00, s70 = s00, s71 = s00;
        for (int p = 0; p < k; p++) {
            int bp = p * ldb + j, q = a0 + p * 8;
            FloatVector v0 = FloatVector.fromArray(S, b, bp), v1 = FloatVector.fromArray(S, b, bp + L);
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
        // added in place, written out rather than through a helper: a vector passed to a call the JIT does not
        // inline is boxed (6 MB a step on the Keras convnet)
        FloatVector.fromArray(S, dX, x0 + rowAt[i]).add(s00).intoArray(dX, x0 + rowAt[i]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i] + L).add(s01).intoArray(dX, x0 + rowAt[i] + L);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 1]).add(s10).intoArray(dX, x0 + rowAt[i + 1]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 1] + L).add(s11).intoArray(dX, x0 + rowAt[i + 1] + L);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 2]).add(s20).intoArray(dX, x0 + rowAt[i + 2]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 2] + L).add(s21).intoArray(dX, x0 + rowAt[i + 2] + L);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 3]).add(s30).intoArray(dX, x0 + rowAt[i + 3]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 3] + L).add(s31).intoArray(dX, x0 + rowAt[i + 3] + L);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 4]).add(s40).intoArray(dX, x0 + rowAt[i + 4]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 4] + L).add(s41).intoArray(dX, x0 + rowAt[i + 4] + L);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 5]).add(s50).intoArray(dX, x0 + rowAt[i + 5]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 5] + L).add(s51).intoArray(dX, x0 + rowAt[i + 5] + L);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 6]).add(s60).intoArray(dX, x0 + rowAt[i + 6]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 6] + L).add(s61).intoArray(dX, x0 + rowAt[i + 6] + L);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 7]).add(s70).intoArray(dX, x0 + rowAt[i + 7]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 7] + L).add(s71).intoArray(dX, x0 + rowAt[i + 7] + L);
    }

    // rows i..i+8 of the block packed from a0 against one vector of b's columns from j
    private static void add8x1(float[] a, int a0, float[] b, int j, int ldb, float[] dX, int x0, int[] rowAt, int i,
                               int k) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int p = 0; p < k; p++) {
            int q = a0 + p * 8;
            FloatVector v = FloatVector.fromArray(S, b, p * ldb + j);
            s0 = FloatVector.broadcast(S, a[q]).fma(v, s0);
            s1 = FloatVector.broadcast(S, a[q + 1]).fma(v, s1);
            s2 = FloatVector.broadcast(S, a[q + 2]).fma(v, s2);
            s3 = FloatVector.broadcast(S, a[q + 3]).fma(v, s3);
            s4 = FloatVector.broadcast(S, a[q + 4]).fma(v, s4);
            s5 = FloatVector.broadcast(S, a[q + 5]).fma(v, s5);
            s6 = FloatVector.broadcast(S, a[q + 6]).fma(v, s6);
            s7 = FloatVector.broadcast(S, a[q + 7]).fma(v, s7);
        }
        FloatVector.fromArray(S, dX, x0 + rowAt[i]).add(s0).intoArray(dX, x0 + rowAt[i]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 1]).add(s1).intoArray(dX, x0 + rowAt[i + 1]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 2]).add(s2).intoArray(dX, x0 + rowAt[i + 2]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 3]).add(s3).intoArray(dX, x0 + rowAt[i + 3]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 4]).add(s4).intoArray(dX, x0 + rowAt[i + 4]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 5]).add(s5).intoArray(dX, x0 + rowAt[i + 5]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 6]).add(s6).intoArray(dX, x0 + rowAt[i + 6]);
        FloatVector.fromArray(S, dX, x0 + rowAt[i + 7]).add(s7).intoArray(dX, x0 + rowAt[i + 7]);
    }
}
