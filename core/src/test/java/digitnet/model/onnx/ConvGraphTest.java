package digitnet.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolutional node emitters against a plain reference written here from the definitions
 * (zero-padded cross-correlation, pooling windows of stride k, inference batch norm), on 8x8
 * images: conv(pad 1) -> batchnorm -> relu -> maxpool -> conv(stride 2, pad 1) -> avgpool ->
 * flatten -> linear -> batchnorm over features -> relu -> linear -> softmax.
 */
class ConvGraphTest {
    static final int SIDE = 8, ROWS = 64;
    final Random random = new Random(11);

    @Test
    void everyConvolutionalNodeComputesItsDefinition() throws Exception {
        Conv c1 = new Conv(1, 3, 3, 1, 1);
        Norm n1 = new Norm(3);
        Conv c2 = new Conv(3, 2, 3, 2, 1);
        Dense d1 = new Dense(2, 5);
        Norm n2 = new Norm(5);
        Dense d2 = new Dense(5, 4);

        OnnxGraph g = new OnnxGraph(1, SIDE, SIDE, 1f / 255f);
        g.conv("l0", "0.weight", c1.w, "0.bias", c1.b, c1.out, c1.k, c1.stride, c1.pad);
        g.batchNorm("l1", "1.", n1.gamma, n1.beta, n1.mean, n1.var, 1e-5f);
        g.relu("l2");
        g.pool("l3", true, 2);
        g.conv("l4", "4.weight", c2.w, "4.bias", c2.b, c2.out, c2.k, c2.stride, c2.pad);
        g.pool("l5", false, 2);
        g.flatten("l6");
        g.linear("l7", "7.weight", d1.w, "7.bias", d1.b, d1.out);
        g.batchNorm("l8", "8.", n2.gamma, n2.beta, n2.mean, n2.var, 1e-5f);
        g.relu("l9");
        g.linear("l10", "10.weight", d2.w, "10.bias", d2.b, d2.out);
        g.softmax();
        byte[] model = OnnxProto.model(OnnxExport.IR_VERSION, OnnxExport.OPSET, "test", "", g.toProto("t"), Map.of());

        float[] pixels = new float[ROWS * SIDE * SIDE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        float[][] onnx = run(model, pixels);

        double maxDiff = 0;
        for (int r = 0; r < ROWS; r++) {
            double[][][] x = new double[1][SIDE][SIDE];
            for (int i = 0; i < SIDE * SIDE; i++) {
                x[0][i / SIDE][i % SIDE] = pixels[r * SIDE * SIDE + i] / 255.0;
            }
            double[][][] h = pool(relu(n1.apply(c1.apply(x))), 2, true);   // 3x4x4
            h = pool(c2.apply(h), 2, false);                                 // 2x1x1
            double[][][] f = d2.apply(relu(n2.apply(d1.apply(h))));
            double[] p = softmax(f);
            for (int c = 0; c < p.length; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(p[c] - onnx[r][c]));
            }
        }
        assertThat(maxDiff).isLessThan(1e-5);
    }

    static float[][] run(byte[] model, float[] pixels) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {ROWS, SIDE * SIDE});
             OrtSession.Result r = s.run(Map.of("pixels", x))) {
            return (float[][]) r.get("probabilities").orElseThrow().getValue();
        }
    }

    float[] draw(int n, double scale, double offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (offset + scale * random.nextGaussian());
        }
        return a;
    }

    /** Weight (out, in, k, k), bias (out); y[o][i][j] = b[o] + sum over c, u, v of w[o][c][u][v] x[c][i*s+u-p][j*s+v-p]. */
    final class Conv {
        final int in, out, k, stride, pad;
        final float[] w, b;

        Conv(int in, int out, int k, int stride, int pad) {
            this.in = in;
            this.out = out;
            this.k = k;
            this.stride = stride;
            this.pad = pad;
            w = draw(out * in * k * k, 0.5, 0);
            b = draw(out, 0.1, 0);
        }

        double[][][] apply(double[][][] x) {
            int h = (x[0].length + 2 * pad - k) / stride + 1, wd = (x[0][0].length + 2 * pad - k) / stride + 1;
            double[][][] y = new double[out][h][wd];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        double s = b[o];
                        for (int c = 0; c < in; c++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int yy = i * stride + u - pad, xx = j * stride + v - pad;
                                    if (yy >= 0 && yy < x[0].length && xx >= 0 && xx < x[0][0].length) {
                                        s += w[((o * in + c) * k + u) * k + v] * x[c][yy][xx];
                                    }
                                }
                            }
                        }
                        y[o][i][j] = s;
                    }
                }
            }
            return y;
        }
    }

    /** Inference batch norm per channel: (x - mean) / sqrt(var + 1e-5) * gamma + beta. */
    final class Norm {
        final float[] gamma, beta, mean, var;

        Norm(int channels) {
            gamma = draw(channels, 0.3, 1);
            beta = draw(channels, 0.2, 0);
            mean = draw(channels, 0.3, 0);
            var = new float[channels];
            for (int c = 0; c < channels; c++) {
                var[c] = 0.5f + random.nextFloat();
            }
        }

        double[][][] apply(double[][][] x) {
            double[][][] y = new double[x.length][x[0].length][x[0][0].length];
            for (int c = 0; c < x.length; c++) {
                double inv = 1 / Math.sqrt(var[c] + 1e-5);
                for (int i = 0; i < x[0].length; i++) {
                    for (int j = 0; j < x[0][0].length; j++) {
                        y[c][i][j] = (x[c][i][j] - mean[c]) * inv * gamma[c] + beta[c];
                    }
                }
            }
            return y;
        }
    }

    /** Weight (out, in), bias (out), on features held as (in, 1, 1). */
    final class Dense {
        final int in, out;
        final float[] w, b;

        Dense(int in, int out) {
            this.in = in;
            this.out = out;
            w = draw(out * in, 0.7, 0);
            b = draw(out, 0.1, 0);
        }

        double[][][] apply(double[][][] x) {
            double[][][] y = new double[out][1][1];
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int i = 0; i < in; i++) {
                    s += w[o * in + i] * x[i][0][0];
                }
                y[o][0][0] = s;
            }
            return y;
        }
    }

    static double[][][] relu(double[][][] x) {
        double[][][] y = new double[x.length][x[0].length][x[0][0].length];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < x[0].length; i++) {
                for (int j = 0; j < x[0][0].length; j++) {
                    y[c][i][j] = Math.max(0, x[c][i][j]);
                }
            }
        }
        return y;
    }

    /** The max or mean of each k x k window, stride k; the last rows and columns that do not fill a window are dropped. */
    static double[][][] pool(double[][][] x, int k, boolean max) {
        int h = x[0].length / k, w = x[0][0].length / k;
        double[][][] y = new double[x.length][h][w];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    double m = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            double e = x[c][i * k + u][j * k + v];
                            m = max ? Math.max(m, e) : m + e / (k * k);
                        }
                    }
                    y[c][i][j] = m;
                }
            }
        }
        return y;
    }

    static double[] softmax(double[][][] logits) {
        double[] p = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double[][] l : logits) {
            max = Math.max(max, l[0][0]);
        }
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c][0][0] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= sum;
        }
        return p;
    }
}
