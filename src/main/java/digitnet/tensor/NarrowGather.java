package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#gather} for outputs of at most one vector ({@code n <= L}) read from a source
 * with one vector per row ({@code stride == L}): the notebook's 784-10-10 network, whose first
 * layer's products (x W^T and x^T dY) are one broadcast and one FMA per non-zero pixel. The
 * source offset is a shift, there is no loop over vectors, and each output row is stored as a
 * whole vector, spilling into the next row of the same range, which is written after it; the
 * last row of the range goes through a buffer so that no other range is touched. The sums are
 * those of {@link VectorKernels}' one-vector gather (four accumulators over e, added as
 * (s0 + s1) + (s2 + s3), then the bias), so both paths give the same bits.
 */
final class NarrowGather {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    private static final int SHIFT = Integer.numberOfTrailingZeros(L);
    /** Per-thread scratch: [0, L) the padded bias, [L, 2L) the last row of a range. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[2 * L]);

    private NarrowGather() {}

    static boolean fits(int n, int stride) {
        return n <= L && stride == L && Integer.bitCount(L) == 1;
    }

    static void gather(int[] start, int[] index, float[] values, float[] src,
                       float[] bias, float[] out, int n, int t0, int t1) {
        float[] scratch = SCRATCH.get();
        java.util.Arrays.fill(scratch, 0f);
        if (bias != null) {
            System.arraycopy(bias, 0, scratch, 0, n);
        }
        FloatVector b = FloatVector.fromArray(S, scratch, 0);
        boolean addBias = bias != null;
        int end = t1 * n;
        for (int t = t0; t < t1; t++) {
            int e = start[t], e1 = start[t + 1];
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; e + 4 <= e1; e += 4) {
                s0 = FloatVector.broadcast(S, values[e]).fma(FloatVector.fromArray(S, src, index[e] << SHIFT), s0);
                s1 = FloatVector.broadcast(S, values[e + 1]).fma(FloatVector.fromArray(S, src, index[e + 1] << SHIFT), s1);
                s2 = FloatVector.broadcast(S, values[e + 2]).fma(FloatVector.fromArray(S, src, index[e + 2] << SHIFT), s2);
                s3 = FloatVector.broadcast(S, values[e + 3]).fma(FloatVector.fromArray(S, src, index[e + 3] << SHIFT), s3);
            }
            for (; e < e1; e++) {
                s0 = FloatVector.broadcast(S, values[e]).fma(FloatVector.fromArray(S, src, index[e] << SHIFT), s0);
            }
            FloatVector sum = s0.add(s1).add(s2.add(s3));
            if (addBias) {
                sum = sum.add(b);
            }
            int o = t * n;
            if (o + L <= end) {
                sum.intoArray(out, o);                    // lanes n.. land in rows this range writes later
            } else {
                sum.intoArray(scratch, L);
                System.arraycopy(scratch, L, out, o, n);
            }
        }
    }
}
