package digitnet.app.web;

import digitnet.nn.Conv2d;
import digitnet.nn.Dense;

/**
 * An eval-mode forward pass by plain loops in double, from a network's weights alone: the
 * reference {@link FeatureMapsTest} holds the web answer's maps, probabilities and digit to, so that
 * nothing in it goes through the layers' own forward code. Images are (channels, height, width).
 */
final class PlainForward {
    private PlainForward() {}

    /** One image's bytes 0..255 scaled to 0..1, as one channel. */
    static double[][][] image(byte[] pixels, int offset, int height, int width) {
        double[][][] x = new double[1][height][width];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                x[0][r][c] = (pixels[offset + r * width + c] & 0xFF) / 255.0;
            }
        }
        return x;
    }

    /** Stride 1; the weight is (out, in*K*K), each row laid out (in channel, kernel row, kernel column). */
    static double[][][] conv(double[][][] x, Conv2d layer, int padding) {
        int in = x.length, h = x[0].length, w = x[0][0].length, k = layer.kernel(), out = layer.bias().cols;
        int oh = h + 2 * padding - k + 1, ow = w + 2 * padding - k + 1;
        float[] weight = layer.weight().data;
        double[][][] y = new double[out][oh][ow];
        for (int o = 0; o < out; o++) {
            for (int r = 0; r < oh; r++) {
                for (int c = 0; c < ow; c++) {
                    double sum = layer.bias().data[o];
                    for (int i = 0; i < in; i++) {
                        for (int kr = 0; kr < k; kr++) {
                            for (int kc = 0; kc < k; kc++) {
                                int ir = r + kr - padding, ic = c + kc - padding;
                                if (ir >= 0 && ir < h && ic >= 0 && ic < w) {
                                    sum += weight[((o * in + i) * k + kr) * k + kc] * x[i][ir][ic];
                                }
                            }
                        }
                    }
                    y[o][r][c] = sum;
                }
            }
        }
        return y;
    }

    static double[][][] relu(double[][][] x) {
        double[][][] y = new double[x.length][x[0].length][x[0][0].length];
        for (int i = 0; i < x.length; i++) {
            for (int r = 0; r < x[0].length; r++) {
                for (int c = 0; c < x[0][0].length; c++) {
                    y[i][r][c] = Math.max(0, x[i][r][c]);
                }
            }
        }
        return y;
    }

    /** Non-overlapping k x k windows: their maximum, or their mean. */
    static double[][][] pool(double[][][] x, int k, boolean max) {
        double[][][] y = new double[x.length][x[0].length / k][x[0][0].length / k];
        for (int i = 0; i < x.length; i++) {
            for (int r = 0; r < y[0].length; r++) {
                for (int c = 0; c < y[0][0].length; c++) {
                    double m = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int kr = 0; kr < k; kr++) {
                        for (int kc = 0; kc < k; kc++) {
                            m = Math.max(m, x[i][r * k + kr][c * k + kc]);
                            sum += x[i][r * k + kr][c * k + kc];
                        }
                    }
                    y[i][r][c] = max ? m : sum / (k * k);
                }
            }
        }
        return y;
    }

    /** Flattened channel by channel, row by row (PyTorch's order), times W (out, in) plus b. */
    static double[] linear(double[][][] x, Dense layer) {
        float[] w = layer.weightByUnit().data;
        int out = layer.bias().cols, in = x.length * x[0].length * x[0][0].length;
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = layer.bias().data[o];
            int j = 0;
            for (double[][] channel : x) {
                for (double[] row : channel) {
                    for (double v : row) {
                        sum += w[o * in + j++] * v;
                    }
                }
            }
            y[o] = sum;
        }
        return y;
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
