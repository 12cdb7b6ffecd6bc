package digitnet.tensor;

import java.util.Arrays;

/**
 * The rearrangements of {@link Im2ColConv}, one sample at a time: a sample's patches as columns
 * (C*K*K rows of pad floats, the output pixels then zeros up to pad), and back. Images are NCHW.
 */
final class Im2Col {
    private Im2Col() {}

    /**
     * Copies a run of n floats, x[from ..] to cols[to ..]. It may also write floats past the run,
     * below {@code limit}: the rows are written in increasing order, so the next write covers them.
     */
    interface Runs {
        void copy(float[] x, int from, float[] cols, int to, int n, int limit);
    }

    private static final Runs ARRAYCOPY = (x, from, cols, to, n, limit) -> System.arraycopy(x, from, cols, to, n);

    // cols[at + (c, kh, kw) * pad + (oh, ow)] = x[x0 + (c, oh*S - P + kh, ow*S - P + kw)], 0 in the padding
    static void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at) {
        im2col(g, pad, x, x0, cols, at, ARRAYCOPY);
    }

    /** {@link #im2col} with the stride-1 runs inside the image copied by {@code runs}, which may write up to the sample's block end. */
    static void im2col(ConvGeometry g, int pad, float[] x, int x0, float[] cols, int at, Runs runs) {
        int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
        int OH = g.outHeight(), OW = g.outWidth(), pix = OH * OW;
        int r = at, end = at + g.patch() * pad;
        for (int c = 0; c < C; c++) {
            int xc = x0 + c * H * W;
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0; kw < K; kw++, r += pad) {
                    int e = r;
                    for (int oh = 0; oh < OH; oh++, e += OW) {
                        int ih = oh * S - P + kh;
                        if (ih < 0 || ih >= H) {
                            Arrays.fill(cols, e, e + OW, 0f);
                            continue;
                        }
                        int xr = xc + ih * W, iw0 = kw - P;
                        if (S == 1 && iw0 >= 0 && iw0 + OW <= W) {
                            runs.copy(x, xr + iw0, cols, e, OW, end);
                            continue;
                        }
                        for (int ow = 0; ow < OW; ow++) {
                            int iw = ow * S + iw0;
                            cols[e + ow] = iw >= 0 && iw < W ? x[xr + iw] : 0f;
                        }
                    }
                    Arrays.fill(cols, r + pix, r + pad, 0f);
                }
            }
        }
    }

    // the adjoint of im2col: dX[x0 + (c, ih, iw)] = sum of the dCols entries that read it
    static void col2im(ConvGeometry g, int pad, float[] dCols, float[] dX, int x0) {
        int C = g.channels(), H = g.height(), W = g.width(), K = g.kernel(), S = g.stride(), P = g.padding();
        int OH = g.outHeight(), OW = g.outWidth();
        Arrays.fill(dX, x0, x0 + C * H * W, 0f);
        int r = 0;
        for (int c = 0; c < C; c++) {
            int xc = x0 + c * H * W;
            for (int kh = 0; kh < K; kh++) {
                for (int kw = 0; kw < K; kw++, r += pad) {
                    int e = r;
                    for (int oh = 0; oh < OH; oh++, e += OW) {
                        int ih = oh * S - P + kh;
                        if (ih < 0 || ih >= H) {
                            continue;
                        }
                        int xr = xc + ih * W, iw0 = kw - P;
                        if (S == 1 && iw0 >= 0 && iw0 + OW <= W) {
                            for (int ow = 0; ow < OW; ow++) {
                                dX[xr + iw0 + ow] += dCols[e + ow];
                            }
                            continue;
                        }
                        for (int ow = 0; ow < OW; ow++) {
                            int iw = ow * S + iw0;
                            if (iw >= 0 && iw < W) {
                                dX[xr + iw] += dCols[e + ow];
                            }
                        }
                    }
                }
            }
        }
    }
}
