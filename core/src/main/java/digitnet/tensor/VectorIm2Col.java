package digitnet.tensor;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Im2Col#im2col} with whole vectors: at stride 1 each output row of a patch row is a run of
 * OW consecutive input floats, copied as whole vectors whose last one spills past the run; the runs
 * are written in increasing order, so each spill is overwritten by the next run, and the last one
 * by the zeros after the pixels. (System.arraycopy of runs of 11 or 24 floats cost more than the
 * copy itself.) Runs that reach into the padding, strides above 1, and vectors that would read past
 * the input array's end or write past this sample's block (the next sample's may be another
 * thread's) take the scalar code.
 */
final class VectorIm2Col {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorIm2Col() {}

    // cols[at + (c, kh, kw) * pad + (oh, ow)] = x[x0 + (c, oh - P + kh, ow - P + kw)], 0 in the padding
    static void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at) {
        if (g.stride() != 1) {
            Im2Col.im2col(g, pad, x, x0, cols, at);
            return;
        }
        int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), P = g.padding();
        int OH = g.outHeight(), OW = g.outWidth(), pix = OH * OW, span = (OW + L - 1) / L * L;
        int r = at, end = at + g.patch() * pad;                  // never spill past this sample's block: another thread may own the next

        for (int c = 0; c < C; c++) {
            int xc = x0 + c * H * W;
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0; kw < K; kw++, r += pad) {
                    int iw0 = kw - P;
                    boolean inside = iw0 >= 0 && iw0 + OW <= W;
                    for (int oh = 0, e = r; oh < OH; oh++, e += OW) {
                        int ih = oh - P + kh;
                        if (ih < 0 || ih >= H) {
                            Arrays.fill(cols, e, e + OW, 0f);
                            continue;
                        }
                        int xr = xc + ih * W + iw0;
                        if (inside && xr + span <= x.length && e + span <= end) {
                            for (int ow = 0; ow < OW; ow += L) {
                                FloatVector.fromArray(S, x, xr + ow).intoArray(cols, e + ow);
                            }
                            continue;
                        }
                        for (int ow = 0; ow < OW; ow++) {
                            int iw = ow + iw0;
                            cols[e + ow] = iw >= 0 && iw < W ? x[xr + ow] : 0f;
                        }
                    }
                    Arrays.fill(cols, r + pix, r + pad, 0f);
                }
            }
        }
    }
}
