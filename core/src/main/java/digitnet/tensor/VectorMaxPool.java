package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#maxPool2} of {@link VectorKernels}: one vector of windows at a time, each of the four
 * entries gathered through the corner map (the scalar form took 6.6 ns per window on the Keras
 * convnet's first pooling, this one 1.1 ns: {@code PoolProfile}). The maximum is the Vector API's
 * lane-wise MAX, which propagates NaN as {@link Math#max} does; the choice is the scalar form's, made
 * with masks: the first entry equal to the maximum or NaN, in row-major order. The last vector of a
 * sample overlaps the one before it (the windows it repeats get the same values), so no masked
 * store is needed; a sample with fewer windows than a vector goes through the scalar form.
 */
final class VectorMaxPool {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();

    private VectorMaxPool() {}

    static void maxPool2(float[] x, int x0, int[] corner, int w, float[] y, int[] argmax, int y0, int out) {
        if (out < L) {
            ScalarKernels.maxPool2(x, x0, corner, w, y, argmax, y0, 0, out);
            return;
        }
        IntVector right = IntVector.broadcast(I, 1), below = IntVector.broadcast(I, w), diagonal = IntVector.broadcast(I, w + 1);
        IntVector zero = IntVector.zero(I);
        for (int o = 0; ; o += L) {
            int at = Math.min(o, out - L);
            FloatVector a0 = FloatVector.fromArray(S, x, x0, corner, at);
            FloatVector a1 = FloatVector.fromArray(S, x, x0 + 1, corner, at);
            FloatVector a2 = FloatVector.fromArray(S, x, x0 + w, corner, at);
            FloatVector a3 = FloatVector.fromArray(S, x, x0 + w + 1, corner, at);
            FloatVector m = a0.max(a1).max(a2.max(a3));
            VectorMask<Float> is0 = a0.eq(m).or(a0.test(VectorOperators.IS_NAN));
            VectorMask<Float> is1 = a1.eq(m).or(a1.test(VectorOperators.IS_NAN));
            VectorMask<Float> is2 = a2.eq(m).or(a2.test(VectorOperators.IS_NAN));
            a3.blend(a2, is2).blend(a1, is1).blend(a0, is0).intoArray(y, y0 + at);
            IntVector offset = diagonal.blend(below, is2.cast(I)).blend(right, is1.cast(I)).blend(zero, is0.cast(I));
            IntVector.fromArray(I, corner, at).add(x0).add(offset).intoArray(argmax, y0 + at);
            if (at == out - L) {
                return;
            }
        }
    }
}
