package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.tensor.Parallel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The same seed gives the same model bit for bit with one thread or two. */
class DeterminismTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void fullBatchTrainingIsBitIdenticalWithOneAndTwoThreads() {
        Dataset data = sample(3000);
        TrainConfig config = new TrainConfig(List.of(10), Init.UNIFORM, 15, 0, 0, 1.0, 100, 5);
        assertSameWeights(train(data, config, 1), train(data, config, 2));
    }

    @Test
    void miniBatchTrainingIsBitIdenticalWithOneAndTwoThreads() {
        Dataset data = sample(2000);
        TrainConfig config = new TrainConfig(List.of(128), Init.HE, 0, 2, 64, 0.05, 1, 9);
        assertSameWeights(train(data, config, 1), train(data, config, 2));
    }

    static Dataset sample(int rows) {
        Dataset all = DataLoader.embeddedSample();
        int[] first = new int[rows];
        for (int i = 0; i < rows; i++) {
            first[i] = i;
        }
        return all.subset(first, "sample");
    }

    private static Network train(Dataset data, TrainConfig config, int threads) {
        Parallel.setThreads(threads);
        return Training.run(data, 100, config, TrainListener.NONE).network();
    }

    private static void assertSameWeights(Network a, Network b) {
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            float[] x = pa.get(i).value().data, y = pb.get(i).value().data;
            assertThat(x).as(pa.get(i).name()).hasSameSizeAs(y);
            for (int j = 0; j < x.length; j++) {
                assertThat(Float.floatToRawIntBits(y[j])).as("%s[%d]", pa.get(i).name(), j)
                        .isEqualTo(Float.floatToRawIntBits(x[j]));
            }
        }
        assertThat(pa.get(0).value().data).as("training moved the weights").isNotEqualTo(new float[pa.get(0).value().data.length]);
    }
}
