package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#gather} for outputs of at most one vector ({@code n <= L}), each source row read
 * as one whole vector from its start (the lanes past n belong to the next row or to the spare
 * floats after the last, and are dropped): the notebook's 784-10-10 network, whose first
 * layer's products (x W^T and x^T dY) are one broadcast and one FMA per non-zero pixel. There
 * is no loop over vectors, and each output row is stored as a
 * whole vector, spilling into the next rows of the same range, which are written after it; the
 * last rows of the range go through a buffer so that no other range is touched, and the bias is
 * added in a pass of its own (a bias or a buffer chosen inside the loop made it 1.5x slower). The
 * sums are those of {@link VectorKernels}' one-vector gather (four accumulators over e, added as
 * (s0 + s1) + (s2 + s3), then the bias), so both paths give the same bits.
 */
final class NarrowGather {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Per-thread scratch: the last rows of a range. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[L]);

    private NarrowGather() {}

    static boolean fits(int n) {
        return n <= L;
    }

    static void gather(int[] start, int[] index, float[] values, float[] src, int stride,
                       float[] bias, float[] out, int n, int t0, int t1) {
        // rows whose whole vector ends within the range's output: stored directly
        int direct = t1;
        while (direct > t0 && (direct - 1) * n + L > t1 * n) {
            direct--;
        }
        rows(start, index, values, src, stride, out, n, t0, direct);
        float[] buffer = SCRATCH.get();
        for (int t = direct; t < t1; t++) {
            rows(start, index, values, src, stride, buffer, 0, t, t + 1);
            System.arraycopy(buffer, 0, out, t * n, n);
        }
        if (bias != null) {
            for (int t = t0; t < t1; t++) {
                int o = t * n;
                for (int j = 0; j < n; j++) {
                    out[o + j] += bias[j];
                }
            }
        }
    }

    // out[t * n ..] = the vector of row t, for t in [t0, t1) (n = 0: every row to out[0 .. L))
    private static void rows(int[] start, int[] index, float[] values, float[] src, int stride, float[] out, int n,
                             int t0, int t1) {
        for (int t = t0; t < t1; t++) {
            int e = start[t], e1 = start[t + 1];
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; e + 4 <= e1; e += 4) {
                s0 = FloatVector.broadcast(S, values[e]).fma(FloatVector.fromArray(S, src, index[e] * stride), s0);
                s1 = FloatVector.broadcast(S, values[e + 1]).fma(FloatVector.fromArray(S, src, index[e + 1] * stride), s1);
                s2 = FloatVector.broadcast(S, values[e + 2]).fma(FloatVector.fromArray(S, src, index[e + 2] * stride), s2);
                s3 = FloatVector.broadcast(S, values[e + 3]).fma(FloatVector.fromArray(S, src, index[e + 3] * stride), s3);
            }
            for (; e < e1; e++) {
                s0 = FloatVector.broadcast(S, values[e]).fma(FloatVector.fromArray(S, src, index[e] * stride), s0);
            }
            s0.add(s1).add(s2.add(s3)).intoArray(out, t * n);    // lanes n.. land in rows written later
        }
    }
}
