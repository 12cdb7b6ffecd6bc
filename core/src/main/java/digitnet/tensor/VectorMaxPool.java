package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Kernels#maxPool2} of {@link VectorKernels}: one vector of windows at a time, each of the four
 * entries gathered through the corner map (the scalar form took 6.6 ns per window on the Keras
 * convnet's first pooling, this one 1.1 ns: {@code PoolProfile}). The maximum is the Vector API's
 * lane-wise MAX, which propagates NaN as {@link Math#max} does; the choice is the scalar form's, made
 * with masks: the first entry equal to the maximum or NaN, in row-major order. The last vector of a
 * sample overlaps the one before it (the windows it repeats get the same values), so no masked
 * store is needed; a sample with fewer windows than a vector goes through the scalar form.
 *
 * <p>On Java 25 and later, rows of 8 to 16 windows (a 16- to 33-pixel-wide image) are read instead as
 * two rows of the image, two vectors each, whose even and odd pixels two-vector rearranges pick: the
 * Keras convnet's first pooling (26 x 26, 32 channels, batch 64, one thread) took 0.29 ms against
 * 0.63-0.71 ms by gathers ({@code MaxPoolReadTiming} in test code). Java 17 compiles those rearranges to far
 * slower code (1.97 ms), so it keeps the gathers. A row's lanes past its windows spill into the next row's, which are written after them;
 * the sample's last row or two, whose vector would pass its end, go by gathers.
 */
final class VectorMaxPool {
    private static final VectorSpecies<Float> S = VectorKernels.SPECIES;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();
    /** Whether rows of windows are read as image rows (Java 25 and later), see the class comment. */
    static final boolean BY_ROWS = Runtime.version().feature() >= 25;
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, i -> 2 * i);
    private static final VectorShuffle<Float> ODD = VectorShuffle.fromOp(S, i -> 2 * i + 1);

    private VectorMaxPool() {}

    static void maxPool2(float[] x, int x0, int[] corner, int w, int ow, float[] y, int[] argmax, int y0, int out) {
        maxPool2(x, x0, corner, w, ow, y, argmax, y0, out, BY_ROWS);
    }

    /** {@link #maxPool2} with the way of reading rows given (tests run both on any Java). */
    static void maxPool2(float[] x, int x0, int[] corner, int w, int ow, float[] y, int[] argmax, int y0, int out,
                         boolean byRows) {
        if (out < L) {
            ScalarKernels.maxPool2(x, x0, corner, w, y, argmax, y0, 0, out);
            return;
        }
        int o = byRows && ow >= L / 2 && ow <= L ? byRows(x, x0, corner, w, ow, y, argmax, y0, out) : 0;
        byGathers(x, x0, corner, w, y, argmax, y0, out, o);
    }

    // whole rows of ow windows from the sample's start, while a vector stays inside the sample's windows
    // and the image rows' two vectors inside x; returns the first window not done
    private static int byRows(float[] x, int x0, int[] corner, int w, int ow, float[] y, int[] argmax, int y0, int out) {
        IntVector columns = IntVector.zero(I).addIndex(2);                          // lane j: the window's column 2j
        int o = 0;
        for (; o + L <= out; o += ow) {
            int top = x0 + corner[o], bottom = top + w;
            if (bottom + 2 * L > x.length) {
                break;
            }
            FloatVector t0 = FloatVector.fromArray(S, x, top), t1 = FloatVector.fromArray(S, x, top + L);
            FloatVector b0 = FloatVector.fromArray(S, x, bottom), b1 = FloatVector.fromArray(S, x, bottom + L);
            FloatVector a0 = t0.rearrange(EVEN, t1), a1 = t0.rearrange(ODD, t1);
            FloatVector a2 = b0.rearrange(EVEN, b1), a3 = b0.rearrange(ODD, b1);
            pick(a0, a1, a2, a3, columns.add(top), w, y, argmax, y0 + o);     // lanes ow..: the next row's, later
        }
        return o;
    }

    // windows [o0, out) a vector at a time through the corner map; the last vector ends at out
    private static void byGathers(float[] x, int x0, int[] corner, int w, float[] y, int[] argmax, int y0, int out,
                                  int o0) {
        for (int o = o0; o < out; o += L) {
            int at = Math.min(o, out - L);
            FloatVector a0 = FloatVector.fromArray(S, x, x0, corner, at);
            FloatVector a1 = FloatVector.fromArray(S, x, x0 + 1, corner, at);
            FloatVector a2 = FloatVector.fromArray(S, x, x0 + w, corner, at);
            FloatVector a3 = FloatVector.fromArray(S, x, x0 + w + 1, corner, at);
            pick(a0, a1, a2, a3, IntVector.fromArray(I, corner, at).add(x0), w, y, argmax, y0 + at);
        }
    }

    /**
     * A vector of windows whose entries (0,0), (0,1), (1,0), (1,1) are a0..a3 and whose top-left entries are at
     * corners in x: the first entry equal to the maximum or NaN into y[at ..], its index into argmax[at ..].
     */
    private static void pick(FloatVector a0, FloatVector a1, FloatVector a2, FloatVector a3, IntVector corners, int w,
                             float[] y, int[] argmax, int at) {
        FloatVector m = a0.max(a1).max(a2.max(a3));
        VectorMask<Float> is0 = a0.eq(m).or(a0.test(VectorOperators.IS_NAN));
        VectorMask<Float> is1 = a1.eq(m).or(a1.test(VectorOperators.IS_NAN));
        VectorMask<Float> is2 = a2.eq(m).or(a2.test(VectorOperators.IS_NAN));
        a3.blend(a2, is2).blend(a1, is1).blend(a0, is0).intoArray(y, at);
        IntVector offset = IntVector.broadcast(I, w + 1).blend(w, is2.cast(I)).blend(1, is1.cast(I)).blend(0, is0.cast(I));
        corners.add(offset).intoArray(argmax, at);
    }
}
