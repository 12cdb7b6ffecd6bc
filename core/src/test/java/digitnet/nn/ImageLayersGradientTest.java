package digitnet.nn;

import static digitnet.nn.GradientCheckTest.check;
import static digitnet.nn.GradientCheckTest.random;
import static digitnet.nn.GradientCheckTest.weighted;
import static org.assertj.core.api.Assertions.assertThat;

import digitnet.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference checks of the image layers in training mode: the gradients of each layer's
 * input and parameters against central differences of L = sum(y * R), with padding and stride.
 */
class ImageLayersGradientTest {

    @ParameterizedTest
    @CsvSource({
        // batch, in channels, height, width, out channels, kernel, stride, padding
        "2, 1, 5, 5, 3, 3, 1, 0",
        "3, 2, 6, 7, 4, 3, 2, 1",
        "1, 3, 4, 4, 2, 2, 1, 1",
        "2, 2, 7, 5, 3, 5, 1, 2",
        "2, 4, 9, 9, 5, 1, 3, 0",
        "1, 1, 3, 3, 2, 3, 1, 0"})
    void conv(int batch, int c, int h, int w, int out, int k, int stride, int pad) {
        Random r = new Random(batch * 1000 + c * 100 + h * 10 + k);
        Conv2d conv = new Conv2d(Shape.of(c, h, w), out, k, stride, pad, true);
        conv.weight().copyFrom(random(out, c * k * k, r, 0.5f));
        conv.bias().copyFrom(random(1, out, r, 0.5f));
        Tensor x = random(batch, c * h * w, r, 1f);
        Tensor rw = random(batch, conv.outputs(), r, 1f);
        conv.forward(x, true);
        Tensor dX = conv.backward(rw).copy();
        Tensor dW = conv.parameters().get(0).grad().copy();
        Tensor dB = conv.parameters().get(1).grad().copy();
        DoubleSupplier f = () -> weighted(conv.forward(x, true), rw);
        check("dX", x, dX, f, 1e-2f);        // linear in x and in W: central differences are exact up to rounding
        check("dW", conv.weight(), dW, f, 1e-2f);
        check("dB", conv.bias(), dB, f, 1e-2f);
    }

    @Test
    void convOutputShapeIsPyTorchs() {
        Conv2d conv = new Conv2d(Shape.of(3, 28, 27), 8, 5, 2, 1, true);
        assertThat(conv.outputShape()).isEqualTo(Shape.of(8, 13, 13));   // floor((28 + 2 - 5) / 2) + 1, floor((27 + 2 - 5) / 2) + 1
    }

    @ParameterizedTest
    @CsvSource({"2, 2, 4, 4, 2", "1, 3, 7, 5, 2", "3, 1, 6, 6, 3", "2, 2, 5, 5, 5"})
    void maxPool(int batch, int c, int h, int w, int k) {
        Random r = new Random(batch * 100 + h * 10 + k);
        MaxPool2d pool = new MaxPool2d(Shape.of(c, h, w), k);
        Tensor x = distinct(batch, c * h * w, r);
        Tensor rw = random(batch, pool.outputs(), r, 1f);
        pool.forward(x, true);
        Tensor dX = pool.backward(rw).copy();
        check("dX", x, dX, () -> weighted(pool.forward(x, true), rw), 1e-2f);
    }

    @ParameterizedTest
    @CsvSource({"2, 2, 4, 4, 2", "1, 3, 7, 5, 2", "3, 1, 6, 6, 3"})
    void avgPool(int batch, int c, int h, int w, int k) {
        Random r = new Random(batch * 100 + h * 10 + k);
        AvgPool2d pool = new AvgPool2d(Shape.of(c, h, w), k);
        Tensor x = random(batch, c * h * w, r, 1f);
        Tensor rw = random(batch, pool.outputs(), r, 1f);
        pool.forward(x, true);
        Tensor dX = pool.backward(rw).copy();
        check("dX", x, dX, () -> weighted(pool.forward(x, true), rw), 1e-2f);
    }

    @ParameterizedTest
    @CsvSource({"4, 3, 2, 2", "2, 2, 3, 3", "6, 5, 1, 1", "3, 4, 1, 1"})
    void batchNormInTraining(int batch, int c, int h, int w) {
        Random r = new Random(batch * 100 + c * 10 + h);
        BatchNorm bn = new BatchNorm(Shape.of(c, h, w));
        bn.parameters().get(0).value().copyFrom(random(1, c, r, 1f));
        bn.parameters().get(1).value().copyFrom(random(1, c, r, 1f));
        Tensor x = random(batch, c * h * w, r, 2f);
        Tensor rw = random(batch, c * h * w, r, 1f);
        bn.forward(x, true);
        Tensor dX = bn.backward(rw).copy();
        Tensor dWeight = bn.parameters().get(0).grad().copy();
        Tensor dBias = bn.parameters().get(1).grad().copy();
        DoubleSupplier f = () -> weighted(bn.forward(x, true), rw);
        check("dX", x, dX, f, 1e-3f);
        check("dWeight", bn.parameters().get(0).value(), dWeight, f, 1e-3f);
        check("dBias", bn.parameters().get(1).value(), dBias, f, 1e-3f);
    }

    @Test
    void batchNormInEvaluation() {
        Random r = new Random(5);
        BatchNorm bn = new BatchNorm(Shape.of(3, 2, 2));
        bn.parameters().get(0).value().copyFrom(random(1, 3, r, 1f));
        bn.runningMean().copyFrom(random(1, 3, r, 1f));
        bn.runningVar().fill(0.7f);
        Tensor x = random(2, 12, r, 1f);
        Tensor rw = random(2, 12, r, 1f);
        bn.forward(x, false);
        Tensor dX = bn.backward(rw).copy();
        check("dX", x, dX, () -> weighted(bn.forward(x, false), rw), 1e-2f);
    }

    /** A whole network of every kind of item, through the loss, every parameter checked. */
    @Test
    void wholeListNetwork() {
        LayerList list = LayerList.of(Shape.of(1, 6, 6), List.of(
                LayerSpec.conv(2, 3, 1, 1), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.conv(3, 2, 1, 0), LayerSpec.relu(), LayerSpec.avgPool(2), LayerSpec.flatten(),
                LayerSpec.linear(4), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.linear(3)), 3);
        for (int seed = 0; seed < 1000; seed++) {
            Random r = new Random(seed);
            Network net = Network.initialised(Architecture.of(list), Init.HE, seed);
            Tensor x = random(3, 36, r, 1f);
            if (!GradientCheckTest.clearOfKinks(net, x, 0.01f)) {
                continue;
            }
            int[] labels = {0, 2, 1};
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            loss.forward(net.forward(x, true), labels);
            net.backward(loss.backward());
            for (Parameter p : net.parameters()) {
                Tensor g = p.grad().copy();
                check(p.name(), p.value(), g, () -> new SoftmaxCrossEntropy().forward(net.forward(x, true), labels), 1e-3f);
            }
            return;
        }
        throw new AssertionError("no case clear of kinks found");
    }

    /**
     * Lists whose first layers have no parameters (flatten before a linear layer, pooling before a convolution): the first
     * layer with parameters makes no input gradient, as nothing consumes it, and every parameter's gradient is still right.
     */
    @Test
    void layersBeforeTheFirstWithParametersPassNoGradient() {
        List<List<LayerSpec>> lists = List.of(
                List.of(LayerSpec.flatten(), LayerSpec.linear(5), LayerSpec.relu(), LayerSpec.linear(3)),
                List.of(LayerSpec.maxPool(2), LayerSpec.conv(2, 3, 1, 1), LayerSpec.relu(), LayerSpec.flatten(), LayerSpec.linear(3)));
        for (List<LayerSpec> items : lists) {
            LayerList list = LayerList.of(Shape.of(1, 8, 8), items, 3);
            int seed = 0;
            Random r = new Random(seed);
            Network net = Network.initialised(Architecture.of(list), Init.HE, seed);
            Tensor x = random(3, 64, r, 1f);
            while (!GradientCheckTest.clearOfKinks(net, x, 0.01f)) {
                r = new Random(++seed);
                net = Network.initialised(Architecture.of(list), Init.HE, seed);
                x = random(3, 64, r, 1f);
            }
            Layer first = net.layers().get(1);
            int[] labels = {0, 2, 1};
            SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
            loss.forward(net.forward(x, true), labels);
            net.backward(loss.backward());
            Network checked = net;
            Tensor input = x;
            for (Parameter p : net.parameters()) {
                Tensor g = p.grad().copy();
                check(items + " " + p.name(), p.value(), g, () -> new SoftmaxCrossEntropy().forward(checked.forward(input, true), labels), 1e-3f);
            }
            checked.forward(input, true);
            assertThat(first.backward(new Tensor(3, first.outputShape().size()))).as("%s: dX of %s", items, first.kind()).isNull();
        }
    }

    // values 0.1 apart in a random order: no window holds two maxima within a perturbation
    private static Tensor distinct(int rows, int cols, Random r) {
        Tensor t = new Tensor(rows, cols);
        int n = rows * cols;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), s = order[i];
            order[i] = order[j];
            order[j] = s;
        }
        for (int i = 0; i < n; i++) {
            t.data[i] = (order[i] - n / 2) * 0.1f;
        }
        return t;
    }
}
