package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm's four passes (training and inference, forward and backward) against plain loops in
 * double precision, on seeded random shapes: odd channel counts and areas, a flat input, batches
 * of 1 to 5. The layer has one plain-Java form under both kernel kinds; {@code .ci/subset scalar}
 * runs it again with the scalar kernels chosen.
 */
class BatchNormReferenceTest {
    @Test
    void everyPassMatchesPlainLoops() {
        Random r = new Random(67);
        for (int t = 0; t < 20; t++) {
            Shape shape = t % 5 == 0 ? Shape.flat(1 + r.nextInt(40)) : Shape.of(1 + r.nextInt(9), 1 + r.nextInt(6), 1 + r.nextInt(6));
            int batch = 1 + r.nextInt(5), channels = shape.channels(), area = shape.area(), m = batch * area;
            BatchNorm layer = new BatchNorm(shape);
            Tensor weight = layer.parameters().get(0).value(), bias = layer.parameters().get(1).value();
            fill(r, weight, 1);
            fill(r, bias, 0);
            Tensor x = new Tensor(batch, shape.size()), dY = new Tensor(batch, shape.size());
            fill(r, x, 0);
            fill(r, dY, 0);
            String what = shape + " batch " + batch;

            Tensor y = layer.forward(x, true);
            double[] mean = new double[channels], invStd = new double[channels], xHat = new double[x.size()];
            for (int c = 0; c < channels; c++) {
                double sum = 0, squares = 0;
                for (int i : indices(shape, batch, c)) {
                    sum += x.data[i];
                }
                mean[c] = sum / m;
                for (int i : indices(shape, batch, c)) {
                    squares += (x.data[i] - mean[c]) * (x.data[i] - mean[c]);
                }
                invStd[c] = 1 / Math.sqrt(squares / m + BatchNorm.EPS);
                double unbiased = m > 1 ? squares / (m - 1) : squares / m;
                assertThat((double) layer.runningMean().data[c]).as("%s running mean", what).isCloseTo(0.1 * mean[c], within(1e-6));
                assertThat((double) layer.runningVar().data[c]).as("%s running var", what)
                        .isCloseTo(0.9 + 0.1 * unbiased, within(1e-5));
                for (int i : indices(shape, batch, c)) {
                    xHat[i] = (x.data[i] - mean[c]) * invStd[c];
                    assertThat((double) y.data[i]).as("%s y[%d]", what, i)
                            .isCloseTo(weight.data[c] * xHat[i] + bias.data[c], within(1e-4));
                }
            }
            Tensor dX = layer.backward(dY);
            for (int c = 0; c < channels; c++) {
                double dBias = 0, dWeight = 0;
                for (int i : indices(shape, batch, c)) {
                    dBias += dY.data[i];
                    dWeight += dY.data[i] * xHat[i];
                }
                assertThat((double) layer.parameters().get(1).grad().data[c]).as("%s dBias", what).isCloseTo(dBias, within(1e-4));
                assertThat((double) layer.parameters().get(0).grad().data[c]).as("%s dWeight", what).isCloseTo(dWeight, within(1e-4));
                for (int i : indices(shape, batch, c)) {
                    double expected = weight.data[c] * invStd[c] / m * (m * dY.data[i] - dBias - xHat[i] * dWeight);
                    assertThat((double) dX.data[i]).as("%s dX[%d]", what, i).isCloseTo(expected, within(2e-4 * Math.max(1, invStd[c])));
                }
            }

            Tensor yEval = layer.forward(x, false);                 // inference: the running statistics
            Tensor dXEval = layer.backward(dY);
            for (int c = 0; c < channels; c++) {
                double rm = layer.runningMean().data[c], ri = 1 / Math.sqrt(layer.runningVar().data[c] + BatchNorm.EPS);
                for (int i : indices(shape, batch, c)) {
                    assertThat((double) yEval.data[i]).as("%s eval y[%d]", what, i)
                            .isCloseTo(weight.data[c] * (x.data[i] - rm) * ri + bias.data[c], within(1e-4));
                    assertThat((double) dXEval.data[i]).as("%s eval dX[%d]", what, i)
                            .isCloseTo(weight.data[c] * ri * dY.data[i], within(1e-4));
                }
            }
        }
    }

    // the flat indices of channel c's values over the batch and the pixels
    private static int[] indices(Shape shape, int batch, int c) {
        int area = shape.area();
        int[] at = new int[batch * area];
        for (int n = 0, k = 0; n < batch; n++) {
            for (int p = 0; p < area; p++) {
                at[k++] = n * shape.size() + c * area + p;
            }
        }
        return at;
    }

    private static void fill(Random r, Tensor t, float centre) {
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = centre + (float) r.nextGaussian();
        }
    }
}
