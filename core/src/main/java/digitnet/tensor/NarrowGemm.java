package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#gemm} for C narrower than one vector ({@code n < L}) with B read in place: each
 * row of B is loaded as one whole vector from its start (the lanes past n belong to B's next row,
 * or to the spare floats after its last, and are dropped), so no zero-padded copy of B is made;
 * each row of C is stored as a whole vector, spilling into the next rows of the same range, which
 * are written after it, and the last rows of the range go through a buffer, so that no other
 * range is touched. The layers this serves: the notebook's 10 x 10 second layer (y = x W^T + b
 * and dX = dY W, k = 10) and its weight gradient (dW^T = A^T dY, k = the batch). Every element
 * of C is the same chain of fused multiply-adds over p, in order, as in
 * {@link VectorKernels}' padded tail, so both give the same bits.
 */
final class NarrowGemm {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    /** Per-thread scratch: the bias as a vector, and the rows of C stored through it. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[5 * L]);

    private NarrowGemm() {}

    /** Whether C of n columns is narrower than a vector and B (k, n) can be read a whole vector per row. */
    static boolean fits(float[] b, int k, int n) {
        return n < L && k > 0 && b.length >= (k - 1L) * n + L;
    }

    // C[i, :] = bias + sum over p of A(i, p) B[p, :], rows i in [i0, i1), four rows per pass
    static void gemm(float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int k, int n, int i0, int i1) {
        float[] buffer = SCRATCH.get();
        java.util.Arrays.fill(buffer, 0, L, 0f);
        if (bias != null) {
            System.arraycopy(bias, 0, buffer, 0, n);
        }
        FloatVector init = FloatVector.fromArray(S, buffer, 0);
        // rows whose whole vector ends within the range's output: stored directly
        int direct = i1;
        while (direct > i0 && (direct - 1L) * n + L > (long) i1 * n) {
            direct--;
        }
        int i = i0;
        for (; i + 4 <= direct; i += 4) {
            FloatVector c0 = init, c1 = init, c2 = init, c3 = init;
            int a0 = i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
            for (int p = 0; p < k; p++) {
                int ap = p * aCol;
                FloatVector bv = FloatVector.fromArray(S, b, p * n);
                c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, c0);
                c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(bv, c1);
                c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(bv, c2);
                c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(bv, c3);
            }
            c0.intoArray(c, i * n);            // lanes n.. land in rows written next
            c1.intoArray(c, (i + 1) * n);
            c2.intoArray(c, (i + 2) * n);
            c3.intoArray(c, (i + 3) * n);
        }
        for (; i < i1; i++) {
            FloatVector c0 = init;
            int a0 = i * aRow;
            for (int p = 0; p < k; p++) {
                c0 = FloatVector.broadcast(S, a[a0 + p * aCol]).fma(FloatVector.fromArray(S, b, p * n), c0);
            }
            if (i < direct) {
                c0.intoArray(c, i * n);
            } else {
                c0.intoArray(buffer, L);
                System.arraycopy(buffer, L, c, i * n, n);
            }
        }
    }
}
