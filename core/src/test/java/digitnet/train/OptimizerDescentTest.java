package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.nn.SoftmaxCrossEntropy;
import digitnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every optimizer lowers the loss of a small network on a small seeded problem. */
class OptimizerDescentTest {

    static Stream<OptimizerSettings.Kind> kinds() {
        return Stream.of(OptimizerSettings.Kind.values());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void decreasesTheLoss(OptimizerSettings.Kind kind) {
        Random r = new Random(7);
        int m = 32, in = 6, classes = 3;
        Tensor x = new Tensor(m, in);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = r.nextInt(classes);
            for (int j = 0; j < in; j++) {
                x.set(i, j, (float) r.nextGaussian() + (j % classes == labels[i] ? 1.5f : 0f));
            }
        }
        Network net = Network.initialised(Architecture.of(in, java.util.List.of(8), classes), Init.HE, 3);
        double lr = kind == OptimizerSettings.Kind.ADAM || kind == OptimizerSettings.Kind.ADAMW ? 0.01 : 0.1;
        Optimizer opt = new OptimizerSettings(kind, lr, 0.9, 0.9, 0.999, 1e-4).create();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        float first = loss.forward(net.forward(x, true), labels);
        float last = first;
        for (int step = 0; step < 50; step++) {
            last = loss.forward(net.forward(x, true), labels);
            net.backward(loss.backward());
            opt.step(net.parameters());
        }
        last = loss.forward(net.forward(x, false), labels);
        assertThat(last).as(kind + ": loss %s -> %s", first, last).isLessThan(first * 0.5f);
    }
}
