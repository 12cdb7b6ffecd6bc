package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#softmax} for rows of at most one vector ({@code k <= L}: ten classes), one row
 * per vector: the row is loaded whole, the lanes past k (the next row's, which may hold anything,
 * NaN included) replaced by -infinity with a blend and zeroed after exp by multiplying by a
 * vector of ones and zeros (a second blend measured slower), its maximum and the first lane holding the largest probability found with
 * lane-wise operations (no branch per class, which mispredicts), and the row stored as a whole
 * vector, spilling into the next rows, which are written after it (the last rows of a range,
 * whose vector would end past it, go through a buffer, so that no other range's rows are touched). The sum of a row is added in class order from a buffer, as
 * {@link Ops#softmaxRows} adds it, and exp is {@link VectorKernels#exp(FloatVector)}: both paths
 * give the same bits. On 9,000 x 10 logits: 0.24 ms against the plain path's 0.38 ms, and the
 * argmax 0.25 ms less (NotebookProfile).
 */
final class VectorSoftmax {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final int L = S.length();
    /** Per thread: [0] 1 in the row's lanes and 0 past them, [1] a row's exps. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[L], new float[L]});

    /** 0, 1, ..., L - 1: each lane's index. */
    private static final float[] LANE = new float[L];

    static {
        for (int j = 0; j < L; j++) {
            LANE[j] = j;
        }
    }

    private VectorSoftmax() {}

    /** Whether rows of k fit one vector and z (not the same array as p) can be read as a whole vector from the start of row m - 1. */
    static boolean fits(float[] z, float[] p, int m, int k) {
        long end = (m - 1L) * k + L;
        return k >= 1 && k <= L && z != p && z.length >= end && p.length >= (long) m * k;
    }

    static void rows(float[] z, float[] p, int i0, int i1, int k, float[] rowMax, float[] rowSum, int[] argmax) {
        int blocks = (i1 - i0) / L;
        if (blocks > 0 && k > 1) {
            columns(z, p, i0, i0 + blocks * L, k, rowMax, rowSum, argmax);
            i0 += blocks * L;
        }
        byRow(z, p, i0, i1, k, rowMax, rowSum, argmax);
    }

    /**
     * Rows [i0, i1), a multiple of L of them, L rows at a time, one class per vector: the L rows
     * copied transposed into a buffer, so that the maxima, exps, sums (in class order) and the first
     * class of the largest probability are lane-wise operations with no reduction across lanes, and
     * the probabilities copied back. (Gathers and scatters with an index map measured 15% faster
     * on Java 25 but allocate on Java 17.) The same operations on the same values as {@link #byRow}:
     * the same bits.
     */
    private static void columns(float[] z, float[] p, int i0, int i1, int k, float[] rowMax, float[] rowSum,
                                int[] argmax) {
        float[] c = COLUMNS.get();
        for (int i = i0; i < i1; i += L) {
            int base = i * k;
            for (int r = 0; r < L; r++) {           // the block's rows, transposed: c[j * L + r] = z[i + r, j]
                for (int j = 0; j < k; j++) {
                    c[j * L + r] = z[base + r * k + j];
                }
            }
            FloatVector max = FloatVector.fromArray(S, c, 0);
            for (int j = 1; j < k; j++) {
                max = max.max(FloatVector.fromArray(S, c, j * L));
            }
            FloatVector sum = FloatVector.zero(S);
            for (int j = 0; j < k; j++) {
                FloatVector ej = VectorKernels.exp(FloatVector.fromArray(S, c, j * L).sub(max));
                ej.intoArray(c, j * L);
                sum = sum.add(ej);
            }
            FloatVector inv = FloatVector.broadcast(S, 1f).div(sum);
            FloatVector best = FloatVector.fromArray(S, c, 0).mul(inv), bestClass = FloatVector.zero(S);
            best.intoArray(c, 0);
            for (int j = 1; j < k; j++) {
                FloatVector q = FloatVector.fromArray(S, c, j * L).mul(inv);
                q.intoArray(c, j * L);
                VectorMask<Float> larger = q.compare(VectorOperators.GT, best);
                best = best.blend(q, larger);
                bestClass = bestClass.blend((float) j, larger);
            }
            for (int r = 0; r < L; r++) {
                for (int j = 0; j < k; j++) {
                    p[base + r * k + j] = c[j * L + r];
                }
            }
            max.intoArray(rowMax, i);
            sum.intoArray(rowSum, i);
            if (argmax != null) {
                bestClass.intoArray(c, 0);
                for (int r = 0; r < L; r++) {   // a NaN in a row makes its sum NaN: class k sends it to the plain rule below
                    argmax[i + r] = Float.isNaN(rowSum[i + r]) ? k : (int) c[r];
                }
            }
        }
        for (int i = i0; argmax != null && i < i1; i++) {
            if (argmax[i] >= k) {
                argmax[i] = Ops.argmax(p, i * k, k);
            }
        }
    }

    /** Per thread: a block of L rows of up to L classes, by class (class j of row r at j * L + r). */
    private static final ThreadLocal<float[]> COLUMNS = ThreadLocal.withInitial(() -> new float[L * L]);

    private static void byRow(float[] z, float[] p, int i0, int i1, int k, float[] rowMax, float[] rowSum, int[] argmax) {
        float[][] scratch = SCRATCH.get();
        float[] lanes = scratch[1];
        for (int j = 0; j < L; j++) {
            scratch[0][j] = j < k ? 1f : 0f;
        }
        FloatVector insideOnly = FloatVector.fromArray(S, scratch[0], 0);
        FloatVector lowest = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        VectorMask<Float> outside = FloatVector.fromArray(S, LANE, 0).compare(VectorOperators.GE, k);  // not indexInRange: it allocates on Java 17
        int end = i1 * k;                       // whole vectors are stored only where they end within the range
        for (int i = i0; i < i1; i++) {
            int base = i * k;
            FloatVector v = FloatVector.fromArray(S, z, base).blend(lowest, outside);
            float max = v.reduceLanes(VectorOperators.MAX);
            FloatVector e = VectorKernels.exp(v.sub(max)).mul(insideOnly);
            e.intoArray(lanes, 0);
            float sum = 0f;
            for (int j = 0; j < k; j++) {
                sum += lanes[j];
            }
            FloatVector q = e.mul(1f / sum);
            if (base + L <= end) {
                q.intoArray(p, base);           // lanes k.. (zeros) land in the next rows, written next
            } else {
                q.intoArray(lanes, 0);
                System.arraycopy(lanes, 0, p, base, k);
            }
            rowMax[i] = max;
            rowSum[i] = sum;
            if (argmax != null) {
                argmax[i] = q.compare(VectorOperators.EQ, q.reduceLanes(VectorOperators.MAX)).firstTrue();
            }
        }
        for (int i = i0; argmax != null && i < i1; i++) {
            if (argmax[i] >= k) {               // no lane equal to the maximum: NaN in the row, the plain rule
                argmax[i] = Ops.argmax(p, i * k, k);
            }
        }
    }
}
