package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Im2Col#im2col} with whole vectors: at stride 1 each output row of a patch row is a run of
 * OW consecutive input floats, copied as whole vectors whose last one spills past the run; the runs
 * are written in increasing order, so each spill is overwritten by the next write, and the last one
 * by the zeros after the pixels. (System.arraycopy of runs of 11 or 24 floats cost more than the
 * copy itself.) A run whose vectors would read past the input array's end or write past this
 * sample's block (the next sample's may be another thread's) is copied by System.arraycopy.
 */
final class VectorIm2Col {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private static final Im2Col.Runs VECTORS = (x, from, cols, to, n, limit) -> {
        int span = (n + L - 1) / L * L;
        if (from + span > x.length || to + span > limit) {
            System.arraycopy(x, from, cols, to, n);
            return;
        }
        for (int i = 0; i < n; i += L) {
            FloatVector.fromArray(S, x, from + i).intoArray(cols, to + i);
        }
    };

    private VectorIm2Col() {}

    // cols[at + (c, kh, kw) * pad + (oh, ow)] = x[x0 + (c, oh*S - P + kh, ow*S - P + kw)], 0 in the padding
    static void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at) {
        Im2Col.im2col(g, pad, x, x0, cols, at, VECTORS);
    }
}
