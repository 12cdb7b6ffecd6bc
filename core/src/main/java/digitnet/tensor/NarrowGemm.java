package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The columns of {@link Kernels#gemm} narrower than one vector: C[i, j .. j+w) for w < L, each row
 * of C one chain of fused multiply-adds over p, in order, four rows at a time. B is read one whole
 * vector per row from row p's start at {@code p * ldb}; the lanes past w are dropped. Two callers:
 * <ul>
 *   <li>a whole C narrower than a vector (the notebook's 10 x 10 second layer: y = x W^T + b and
 *       dX = dY W with k = 10, dW^T = A^T dY with k = the batch) reads B in place, its lanes past n
 *       belonging to B's next row or the spare floats after its last; each row of C is stored as a
 *       whole vector, spilling into the next rows of the range, which are written after it;</li>
 *   <li>the last columns of a wider C ({@link VectorKernels}' tail) read a zero-padded copy of
 *       them ({@code ldb = L}); stored whole, a row would overwrite the next row's first columns,
 *       already computed, so every row goes through a buffer.</li>
 * </ul>
 * The last rows of a range go through the buffer too, so that no other range is touched. Both
 * callers compute the same chain for an element, so a narrow C gives the same bits either way.
 */
final class NarrowGemm {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    /** Per-thread scratch: the bias as a vector, then four rows of C stored through it. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[5 * L]);

    private NarrowGemm() {}

    /** Whether C of n columns is narrower than a vector and B (k, n) can be read a whole vector per row. */
    static boolean fits(float[] b, int k, int n) {
        return n < L && k > 0 && b.length >= (k - 1L) * n + L;
    }

    /**
     * C[i, j .. j+w) = bias[j .. j+w) + sum over p of A(i, p) B[p * ldb ..] for rows i in [i0, i1),
     * A(i, p) = a[i * aRow + p * aCol], C row-major with n columns; bias may be null.
     */
    static void gemm(float[] a, int aRow, int aCol, float[] b, int ldb, float[] bias, float[] c, int n, int j, int w,
                     int k, int i0, int i1) {
        float[] buffer = SCRATCH.get();
        java.util.Arrays.fill(buffer, 0, L, 0f);
        if (bias != null) {
            System.arraycopy(bias, j, buffer, 0, w);
        }
        FloatVector init = FloatVector.fromArray(S, buffer, 0);
        // rows whose whole vector may be stored: only when C's row is this narrow part, and the vector
        // ends within the range's output
        int direct = j > 0 ? i0 : i1;
        while (direct > i0 && (direct - 1L) * n + L > (long) i1 * n) {
            direct--;
        }
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            FloatVector c0 = init, c1 = init, c2 = init, c3 = init;
            int a0 = i * aRow, a1 = a0 + aRow, a2 = a1 + aRow, a3 = a2 + aRow;
            for (int p = 0; p < k; p++) {
                int ap = p * aCol;
                FloatVector bv = FloatVector.fromArray(S, b, p * ldb);
                c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(bv, c0);
                c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(bv, c1);
                c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(bv, c2);
                c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(bv, c3);
            }
            if (i + 4 <= direct) {
                c0.intoArray(c, i * n);            // lanes n.. land in rows written next
                c1.intoArray(c, (i + 1) * n);
                c2.intoArray(c, (i + 2) * n);
                c3.intoArray(c, (i + 3) * n);
            } else {
                c0.intoArray(buffer, L);
                c1.intoArray(buffer, 2 * L);
                c2.intoArray(buffer, 3 * L);
                c3.intoArray(buffer, 4 * L);
                for (int r = 0; r < 4; r++) {
                    System.arraycopy(buffer, (r + 1) * L, c, (i + r) * n + j, w);
                }
            }
        }
        for (; i < i1; i++) {
            FloatVector c0 = init;
            int a0 = i * aRow;
            for (int p = 0; p < k; p++) {
                c0 = FloatVector.broadcast(S, a[a0 + p * aCol]).fma(FloatVector.fromArray(S, b, p * ldb), c0);
            }
            if (i < direct) {
                c0.intoArray(c, i * n);
            } else {
                c0.intoArray(buffer, L);
                System.arraycopy(buffer, L, c, i * n + j, w);
            }
        }
    }
}
