package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Augmenter;
import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.tensor.Parallel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same seed gives the same model bit for bit at any thread count: 1 to 4 kernel threads
 * (more than this machine's cores is allowed: the pool's threads then share them).
 */
class DeterminismTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static final int MAX_THREADS = 4;

    @Test
    void fullBatchTrainingIsBitIdenticalWithOneToFourThreads() {
        Dataset data = sample(3000);
        Settings config = Settings.of(new NetworkSpec.Mlp(List.of(10), 0), Init.UNIFORM, OptimizerSettings.sgd(1.0), new Steps(0, 0, 15, 100), 5);
        assertSameAtEveryThreadCount(data, config);
    }

    @Test
    void miniBatchTrainingIsBitIdenticalWithOneToFourThreads() {
        Dataset data = sample(2000);
        Settings config = Settings.of(new NetworkSpec.Mlp(List.of(128), 0), Init.HE, OptimizerSettings.sgd(0.05), new Steps(64, 2, 0, 1), 9);
        assertSameAtEveryThreadCount(data, config);
    }

    /** Images as dense as photographs (inverted digits) go through the dense first layer: the same at any thread count. */
    @Test
    void denseImageTrainingIsBitIdenticalWithOneToFourThreads() {
        Dataset data = inverted(sample(1000));
        assertThat(digitnet.nn.InputBatch.prefersSparse(digitnet.nn.Network.initialised(digitnet.nn.Architecture.of(784, List.of(128), 10), Init.HE, 1), data)).isFalse();
        Settings config = new Settings(new NetworkSpec.Mlp(List.of(128), 0), Init.HE, new OptimizerSettings(OptimizerSettings.Kind.ADAM, 1e-3, 0.9, 0.9, 0.999, 0), new Schedule.Constant(), new Steps(64, 2, 0, 1), false, new Stopping(0, 0), new HeldOutRows(0, 0), 9, null);
        assertSameAtEveryThreadCount(data, config);
    }

    static Dataset inverted(Dataset d) {
        byte[] px = d.pixels().clone();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (255 - (px[i] & 0xFF));
        }
        return new Dataset(px, d.labels(), d.count(), d.height(), d.width(), d.classes(), "inverted " + d.source());
    }

    /** Mini-batches with dropout, augmentation and Adam: every random draw and every slot too. */
    @Test
    void regularisedAdamTrainingIsBitIdenticalWithOneToFourThreads() {
        Dataset data = sample(1000);
        Settings config = new Settings(new NetworkSpec.Mlp(List.of(64, 32), 0.2), Init.HE, new OptimizerSettings(OptimizerSettings.Kind.ADAM, 1e-3, 0.9, 0.9, 0.999, 0), new Schedule.Constant(), new Steps(50, 2, 0, 1), true, new Stopping(0, 0), new HeldOutRows(0, 0), 11, null);
        assertSameAtEveryThreadCount(data, config);
    }

    private static void assertSameAtEveryThreadCount(Dataset data, Settings config) {
        Network one = train(data, config, 1);
        for (int threads = 2; threads <= MAX_THREADS; threads++) {
            assertSameWeights(one, train(data, config, threads), threads);
        }
    }

    static Dataset sample(int rows) {
        Dataset all = DataLoader.embeddedSample();
        int[] first = new int[rows];
        for (int i = 0; i < rows; i++) {
            first[i] = i;
        }
        return all.subset(first, "sample");
    }

    private static Network train(Dataset data, Settings config, int threads) {
        Parallel.setThreads(threads);
        return Training.run(data, config.withHeldOut(HeldOutRows.dev(100)), ProgressListener.NONE).network();
    }

    private static void assertSameWeights(Network a, Network b, int threads) {
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            float[] x = pa.get(i).value().data, y = pb.get(i).value().data;
            assertThat(x).as(pa.get(i).name()).hasSameSizeAs(y);
            for (int j = 0; j < x.length; j++) {
                assertThat(Float.floatToRawIntBits(y[j])).as("%s[%d] with %d threads", pa.get(i).name(), j, threads)
                        .isEqualTo(Float.floatToRawIntBits(x[j]));
            }
        }
        assertThat(pa.get(0).value().data).as("training moved the weights").isNotEqualTo(new float[pa.get(0).value().data.length]);
    }
}
