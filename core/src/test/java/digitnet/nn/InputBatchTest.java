package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Dataset;
import digitnet.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The first layer's input: the density measured, the kind chosen by density and width, and both kinds computing the same logits. */
class InputBatchTest {

    @Test
    void densityIsTheShareOfNonZeroPixels() {
        assertThat(InputBatch.density(images(500, 0.0, 1))).isZero();
        assertThat(InputBatch.density(images(500, 1.0, 1))).isEqualTo(1.0);
        assertThat(InputBatch.density(images(3_000, 0.3, 2))).isCloseTo(0.3, within(0.01));
    }

    @Test
    void choosesSparseForMostlyZeroImagesAndByWidthInBetween() {
        Network narrow = Network.initialised(Architecture.of(64, List.of(10), 10), Init.HE, 1);
        Network wide = Network.initialised(Architecture.of(64, List.of(128), 10), Init.HE, 1);
        Dataset sparse = images(400, 0.1, 3), middling = images(400, 0.5, 4), dense = images(400, 0.9, 5);
        assertThat(InputBatch.prefersSparse(narrow, sparse)).isTrue();
        assertThat(InputBatch.prefersSparse(wide, sparse)).isTrue();
        assertThat(InputBatch.prefersSparse(narrow, middling)).isTrue();
        assertThat(InputBatch.prefersSparse(wide, middling)).isFalse();
        assertThat(InputBatch.prefersSparse(narrow, dense)).isFalse();
        assertThat(InputBatch.forTraining(narrow, middling, 50, false, true).isSparse()).isTrue();
        assertThat(InputBatch.forTraining(narrow, middling, 50, false, false).isSparse())
                .as("augmentation needs dense rows").isFalse();
    }

    @Test
    void sparseAndDenseBatchesGiveTheSameLogits() {
        Dataset d = images(70, 0.4, 6);
        Network net = Network.initialised(Architecture.of(64, List.of(32), 10), Init.HE, 7);
        int[] order = new int[d.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = d.count() - 1 - i;
        }
        int[] labelsS = new int[64], labelsD = new int[64];
        InputBatch s = InputBatch.sparseTraining(d, 64, false), x = InputBatch.dense(64, d.features());
        s.fill(d, order, 3, 64, labelsS);
        x.fill(d, order, 3, 64, labelsD);
        float[] viaSparse = s.forward(net, false).data.clone();
        Tensor viaDense = x.forward(net, false);
        assertThat(labelsS).containsExactly(labelsD);
        for (int i = 0; i < 64 * 10; i++) {
            assertThat(viaSparse[i]).as("logit %d", i).isCloseTo(viaDense.data[i], within(1e-4f));
        }
    }

    // 8x8 images whose pixels are non-zero (1..255) with probability p
    static Dataset images(int count, double p, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[count * 64];
        int[] labels = new int[count];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextDouble() < p ? (byte) (1 + r.nextInt(255)) : 0;
        }
        for (int i = 0; i < count; i++) {
            labels[i] = r.nextInt(10);
        }
        return new Dataset(px, labels, count, 8, 8, 10, "random 8x8, density " + p);
    }
}
