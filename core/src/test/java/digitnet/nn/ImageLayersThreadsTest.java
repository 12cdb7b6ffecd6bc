package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A training step of a network of image layers gives the same bits whatever the thread count. */
class ImageLayersThreadsTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static List<float[]> step(int threads) {
        Parallel.setThreads(threads);
        LayerList list = LayerList.of(Shape.image(28, 28), LayerListSyntax.parse(
                "conv:16:3:1:1,batchnorm,relu,maxpool:2,conv:32:3,relu,avgpool:2,flatten,linear:32,batchnorm,relu,linear:10"), 10);
        Network net = Network.initialised(Architecture.of(list), Init.HE, 3);
        Random r = new Random(9);
        Tensor x = new Tensor(96, 784);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = r.nextFloat();
        }
        int[] labels = new int[96];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(10);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(net.forward(x, true), labels);
        net.backward(loss.backward());
        List<float[]> out = new ArrayList<>();
        out.add(net.forward(x, false).copy().data);
        for (Parameter p : net.parameters()) {
            out.add(p.grad().copy().data);
        }
        for (Buffer b : net.buffers()) {
            out.add(b.value().copy().data);
        }
        return out;
    }

    @Test
    void sameBitsAsOneThread() {
        List<float[]> one = step(1);
        for (int threads : new int[] {2, 3, 8}) {
            List<float[]> many = step(threads);
            assertThat(many).hasSameSizeAs(one);
            for (int i = 0; i < one.size(); i++) {
                assertThat(many.get(i)).as("%d threads, tensor %d", threads, i).containsExactly(one.get(i));
            }
        }
    }
}
