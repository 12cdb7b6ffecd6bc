package digitnet.tensor;

/**
 * Winograd's minimal filtering F(2x2, 3x3) (Lavin and Gray, "Fast Algorithms for Convolutional
 * Neural Networks", 2016) for a 3x3 convolution with stride 1, forward only: a measured candidate
 * against im2row and im2col (bench/results/LAB-LOG.md, "From docs/cnn-speed.md"), timed by {@code ConvTiming}; test code, not used by {@code Conv2d}. Each 2x2 block of
 * output pixels ("tile") comes from a 4x4 input patch:
 * <pre>
 *   U = G w G^T   (4x4 per filter and input channel)     V = B^T d B   (4x4 per tile and channel)
 *   M[xi] = V[xi] U[xi]   for each of the 16 positions xi: (tiles, C) x (C, out), the MatMul kernels
 *   y tile = A^T M A + b  (2x2)
 * </pre>
 * 16 products of C multiply-adds per 2x2 outputs against 36 for the direct sum: 2.25x fewer
 * multiplies, paid for by the transforms and by a different rounding (results agree with the
 * direct sum to about 1e-6 relative, not bit for bit). The transforms are split over the
 * {@link Parallel#shared() shared pool} by samples, the products by their rows, so results do not
 * depend on the thread count. Buffers are sized for a batch at construction.
 */
public final class Winograd {
    private final ConvGeometry g;
    private final int out, tilesH, tilesW, batch;
    private final Tensor[] u, v, m;              // 16 x (C, out), 16 x (batch*tiles, C), 16 x (batch*tiles, out)
    private final InputTransform inputTransform = new InputTransform();
    private final OutputTransform outputTransform = new OutputTransform();
    private float[] x, y, bias;

    /** For inputs of geometry g (kernel 3, stride 1, any padding), out filters, up to batch samples. */
    public Winograd(ConvGeometry g, int out, int batch) {
        if (g.kernel() != 3 || g.stride() != 1) {
            throw new IllegalArgumentException("Winograd F(2x2, 3x3) needs kernel 3 and stride 1, got " + g);
        }
        this.g = g;
        this.out = out;
        this.batch = batch;
        this.tilesH = (g.outHeight() + 1) / 2;
        this.tilesW = (g.outWidth() + 1) / 2;
        int tiles = batch * tilesH * tilesW;
        u = new Tensor[16];
        v = new Tensor[16];
        m = new Tensor[16];
        for (int xi = 0; xi < 16; xi++) {
            u[xi] = new Tensor(g.channels(), out);
            v[xi] = new Tensor(tiles, g.channels());
            m[xi] = new Tensor(tiles, out);
        }
    }

    /** U = G w G^T for every (filter, channel). weight: (out, C*9) in PyTorch's order. */
    public void setWeights(Tensor weight) {
        int C = g.channels();
        float[] w = weight.data, t = new float[12];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < C; c++) {
                int at = (o * C + c) * 9;
                for (int j = 0; j < 3; j++) {          // t = G w: (4, 3)
                    float w0 = w[at + j], w1 = w[at + 3 + j], w2 = w[at + 6 + j];
                    t[j] = w0;
                    t[3 + j] = 0.5f * (w0 + w1 + w2);
                    t[6 + j] = 0.5f * (w0 - w1 + w2);
                    t[9 + j] = w2;
                }
                for (int i = 0; i < 4; i++) {          // U = t G^T: (4, 4)
                    float t0 = t[3 * i], t1 = t[3 * i + 1], t2 = t[3 * i + 2];
                    u[4 * i].data[c * out + o] = t0;
                    u[4 * i + 1].data[c * out + o] = 0.5f * (t0 + t1 + t2);
                    u[4 * i + 2].data[c * out + o] = 0.5f * (t0 - t1 + t2);
                    u[4 * i + 3].data[c * out + o] = t2;
                }
            }
        }
    }

    /** y = conv(x, w) + b with the weights of the last {@link #setWeights}. x: (n, C*H*W), bias: (1, out) -> y: (n, out*OH*OW). */
    public void forward(Tensor x, Tensor bias, Tensor y) {
        int n = x.rows();
        if (n > batch || x.cols != g.channels() * g.height() * g.width() || y.rows() != n
                || y.cols != out * g.outArea() || bias.cols != out) {
            throw new IllegalArgumentException("winograd: shapes " + x + " -> " + y + " do not fit " + g);
        }
        this.x = x.data;
        this.y = y.data;
        this.bias = bias.data;
        int tiles = n * tilesH * tilesW;
        inputTransform.run(n);
        for (int xi = 0; xi < 16; xi++) {
            v[xi].setRows(tiles);
            m[xi].setRows(tiles);
            MatMul.multiply(v[xi], u[xi], m[xi]);
        }
        outputTransform.run(n);
        this.x = this.y = this.bias = null;
    }

    /** V from x, by samples. */
    private final class InputTransform extends RangeJob {
        void run(int samples) {
            split(samples, 1, samples, 1);
        }

        @Override
        protected void range(int s0, int s1) {
            for (int s = s0; s < s1; s++) {
                input(s);
            }
        }
    }

    /** y from M, by samples. */
    private final class OutputTransform extends RangeJob {
        void run(int samples) {
            split(samples, 1, samples, 1);
        }

        @Override
        protected void range(int s0, int s1) {
            for (int s = s0; s < s1; s++) {
                output(s);
            }
        }
    }

    // V[xi][tile, c] = (B^T d B)[xi] for the 4x4 patch d of each tile of sample s
    private void input(int s) {
        int C = g.channels(), H = g.height(), W = g.width(), P = g.padding();
        float[] d = new float[16], t = new float[16];
        for (int th = 0; th < tilesH; th++) {
            for (int tw = 0; tw < tilesW; tw++) {
                int tile = (s * tilesH + th) * tilesW + tw;
                for (int c = 0; c < C; c++) {
                    int xc = (s * C + c) * H * W;
                    for (int i = 0; i < 4; i++) {
                        int ih = 2 * th - P + i;
                        for (int j = 0; j < 4; j++) {
                            int iw = 2 * tw - P + j;
                            d[4 * i + j] = ih >= 0 && ih < H && iw >= 0 && iw < W ? x[xc + ih * W + iw] : 0f;
                        }
                    }
                    for (int j = 0; j < 4; j++) {      // t = B^T d
                        t[j] = d[j] - d[8 + j];
                        t[4 + j] = d[4 + j] + d[8 + j];
                        t[8 + j] = d[8 + j] - d[4 + j];
                        t[12 + j] = d[4 + j] - d[12 + j];
                    }
                    for (int i = 0; i < 4; i++) {      // V = t B
                        int r = tile * C + c;
                        v[4 * i].data[r] = t[4 * i] - t[4 * i + 2];
                        v[4 * i + 1].data[r] = t[4 * i + 1] + t[4 * i + 2];
                        v[4 * i + 2].data[r] = t[4 * i + 2] - t[4 * i + 1];
                        v[4 * i + 3].data[r] = t[4 * i + 1] - t[4 * i + 3];
                    }
                }
            }
        }
    }

    // y's 2x2 block of each tile = A^T M A + b, the pixels past the output's edge dropped
    private void output(int s) {
        int OH = g.outHeight(), OW = g.outWidth();
        float[] q = new float[16], t = new float[8];
        for (int th = 0; th < tilesH; th++) {
            for (int tw = 0; tw < tilesW; tw++) {
                int tile = (s * tilesH + th) * tilesW + tw;
                for (int o = 0; o < out; o++) {
                    for (int xi = 0; xi < 16; xi++) {
                        q[xi] = m[xi].data[tile * out + o];
                    }
                    for (int j = 0; j < 4; j++) {      // t = A^T q: (2, 4)
                        t[j] = q[j] + q[4 + j] + q[8 + j];
                        t[4 + j] = q[4 + j] - q[8 + j] - q[12 + j];
                    }
                    int y0 = (s * out + o) * OH * OW;
                    for (int i = 0; i < 2; i++) {
                        int oh = 2 * th + i;
                        if (oh >= OH) {
                            continue;
                        }
                        float r0 = t[4 * i] + t[4 * i + 1] + t[4 * i + 2], r1 = t[4 * i + 1] - t[4 * i + 2] - t[4 * i + 3];
                        y[y0 + oh * OW + 2 * tw] = r0 + bias[o];
                        if (2 * tw + 1 < OW) {
                            y[y0 + oh * OW + 2 * tw + 1] = r1 + bias[o];
                        }
                    }
                }
            }
        }
    }
}
