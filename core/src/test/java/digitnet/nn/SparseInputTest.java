package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Batcher;
import digitnet.data.Dataset;
import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;
import digitnet.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network fed the images' non-zero bytes computes what it computes from the float batch. */
class SparseInputTest {

    @Test
    void sparseAndDenseInputsGiveTheSameLogitsAndGradients() {
        int n = 100;
        Dataset d = Fixtures.sample(n);
        Architecture arch = Architecture.of(d.features(), List.of(33), d.classes());
        Network dense = Network.initialised(arch, Init.HE, 4), sparse = Network.initialised(arch, Init.HE, 4);
        Tensor x = new Tensor(n, d.features());
        int[] labels = new int[n];
        Batcher.fill(d, null, 0, n, x, labels);
        SparseRows xs = Batcher.sparseBatch(d, n, true);
        Batcher.fill(d, null, 0, n, xs, labels);

        Tensor logitsDense = dense.forward(x, true).copy();
        Tensor logitsSparse = sparse.forward(xs, true);
        for (int i = 0; i < logitsDense.size(); i++) {
            assertThat(logitsSparse.data[i]).isCloseTo(logitsDense.data[i], within(1e-4f));
        }
        SoftmaxCrossEntropy lossDense = new SoftmaxCrossEntropy(), lossSparse = new SoftmaxCrossEntropy();
        lossDense.forward(logitsDense, labels);
        lossSparse.forward(logitsSparse, labels);
        dense.backward(lossDense.backward());
        sparse.backward(lossSparse.backward());
        for (int p = 0; p < dense.parameters().size(); p++) {
            float[] gd = dense.parameters().get(p).grad().data, gs = sparse.parameters().get(p).grad().data;
            for (int i = 0; i < gd.length; i++) {
                assertThat(gs[i]).as("%s[%d]", dense.parameters().get(p).name(), i).isCloseTo(gd[i], within(1e-5f));
            }
        }
    }
}
