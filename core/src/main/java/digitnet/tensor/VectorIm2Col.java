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

    /**
     * {@link Im2Col#col2imRows} with each run added a vector at a time; the last vector adds the zeros after the
     * run too, unless it would pass the sample's block (the next sample's may be another thread's), where the run
     * ends float by float. The loops are written out here rather than handed to the plain form as a lambda:
     * AllocationTest failed 3 of 14 runs after this pass came in, 1 of 16 with the input gradient's two layouts
     * split into methods, 0 of 10 with that and these loops written out.
     */
    static void col2imRows(ConvGeometry g, int pitch, float[] dCols, float[] dX, int x0) {
        int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel();
        int run = (g.outHeight() - 1) * W + g.outWidth(), span = (run + L - 1) / L * L, end = x0 + C * H * W;
        java.util.Arrays.fill(dX, x0, end, 0f);
        int r = 0;
        for (int c = 0; c < C; c++) {
            int xc = x0 + c * H * W;
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0; kw < K; kw++, r += pitch) {
                    int to = xc + kh * W + kw, whole = to + span <= end ? span : run - run % L;
                    for (int i = 0; i < whole; i += L) {
                        FloatVector.fromArray(S, dX, to + i).add(FloatVector.fromArray(S, dCols, r + i)).intoArray(dX, to + i);
                    }
                    for (int i = whole; i < run; i++) {
                        dX[to + i] += dCols[r + i];
                    }
                }
            }
        }
    }

    // cols[at + (c, kh, kw) * pad + (oh, ow)] = x[x0 + (c, oh*S - P + kh, ow*S - P + kw)], 0 in the padding
    static void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at) {
        Im2Col.im2col(g, pad, x, x0, cols, at, VECTORS);
    }
}
