package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Finite-difference checks: every analytic gradient (of each layer's input and parameters, and
 * of the loss) against central differences computed in double precision around float32 values.
 */
class GradientCheckTest {

    static Tensor random(int rows, int cols, Random r, float scale) {
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = (float) (r.nextGaussian() * scale);
        }
        return t;
    }

    /** L = sum(y * R): dL/dy = R. */
    static double weighted(Tensor y, Tensor r) {
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += (double) y.data[i] * r.data[i];
        }
        return s;
    }

    /** Compares the analytic gradient g of f with respect to t with central differences. */
    static void check(String what, Tensor t, Tensor g, java.util.function.DoubleSupplier f, float eps) {
        for (int i = 0; i < t.size(); i++) {
            float orig = t.data[i];
            t.data[i] = orig + eps;
            double up = f.getAsDouble();
            t.data[i] = orig - eps;
            double down = f.getAsDouble();
            t.data[i] = orig;
            double numeric = (up - down) / (2.0 * eps);
            assertThat((double) g.data[i]).as("%s[%d]", what, i)
                    .isCloseTo(numeric, org.assertj.core.data.Offset.offset(5e-4 + 1e-2 * Math.abs(numeric)));
        }
    }

    @ParameterizedTest
    @CsvSource({"1,3,2", "4,5,3", "7,1,6", "3,16,9"})
    void dense(int batch, int in, int out) {
        Random r = new Random(batch * 100 + in * 10 + out);
        Dense d = new Dense(in, out, true);
        d.setWeightByUnit(random(out, in, r, 0.5f));
        d.bias().copyFrom(random(1, out, r, 0.5f));
        Tensor x = random(batch, in, r, 1f);
        Tensor rw = random(batch, out, r, 1f);
        d.forward(x, true);
        Tensor dX = d.backward(rw).copy();
        Tensor dW = d.parameters().get(0).grad().copy();
        Tensor dB = d.parameters().get(1).grad().copy();
        java.util.function.DoubleSupplier f = () -> weighted(d.forward(x, true), rw);
        check("dX", x, dX, f, 1e-3f);
        check("dW", d.parameters().get(0).value(), dW, f, 1e-3f);   // value and gradient in the layer's layout
        check("dB", d.bias(), dB, f, 1e-3f);
    }

    @ParameterizedTest
    @CsvSource({"2,3", "5,7", "1,12"})
    void relu(int batch, int n) {
        Random r = new Random(batch * 31 + n);
        Relu relu = new Relu(n);
        Tensor x = random(batch, n, r, 1f);
        for (int i = 0; i < x.size(); i++) {   // keep away from the kink, where the derivative is undefined
            if (Math.abs(x.data[i]) < 0.05f) {
                x.data[i] = 0.1f;
            }
        }
        Tensor rw = random(batch, n, r, 1f);
        relu.forward(x, true);
        Tensor dX = relu.backward(rw).copy();
        check("dX", x, dX, () -> weighted(relu.forward(x, true), rw), 1e-3f);
    }

    @ParameterizedTest
    @CsvSource({"1,2", "3,4", "6,10", "4,17"})
    void softmaxCrossEntropy(int batch, int classes) {
        Random r = new Random(batch * 7 + classes);
        Tensor logits = random(batch, classes, r, 2f);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = r.nextInt(classes);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(logits, labels);
        Tensor dLogits = loss.backward().copy();
        check("dLogits", logits, dLogits, () -> new SoftmaxCrossEntropy().forward(logits, labels), 1e-3f);
    }

    @ParameterizedTest
    @CsvSource({"3,6,'4',3", "5,10,'8,6',4", "2,5,'3,3,3',2", "8,12,'7',5"})
    void wholeNetwork(int batch, int inputs, String hidden, int classes) {
        List<Integer> sizes = java.util.Arrays.stream(hidden.split(",")).map(Integer::valueOf).toList();
        // Draw cases until no ReLU input lies within 0.02 of its kink, where the derivative is undefined
        // and a perturbation of 1e-3 could cross it.
        for (int seed = 0; seed < 1000; seed++) {
            Random r = new Random(seed * 1000L + inputs * 13 + classes);
            Network net = Network.initialised(Architecture.of(inputs, sizes, classes), Init.HE, seed);
            Tensor x = random(batch, inputs, r, 1f);
            if (!clearOfKinks(net, x, 0.02f)) {
                continue;
            }
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = r.nextInt(classes);
            }
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

    static boolean clearOfKinks(Network net, Tensor x, float margin) {
        Tensor h = x;
        for (Layer l : net.layers()) {
            if (l instanceof Relu) {
                for (int i = 0; i < h.size(); i++) {
                    if (Math.abs(h.data[i]) < margin) {
                        return false;
                    }
                }
            }
            h = l.forward(h, true);
        }
        return true;
    }
}
