package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.nn.Network;
import digitnet.train.TrainConfig;
import digitnet.train.TrainListener;
import digitnet.train.Training;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The warm-up thread leaves the real run alone: the same model bit for bit with a warm-up running beside it and without. */
class KernelWarmUpTest {

    @Test
    void aRunWithTheWarmUpBesideItTrainsTheSameModel() throws Exception {
        Dataset data = DataLoader.embeddedSample().subset(IntStream.range(0, 1500).toArray(), "sample");
        TrainConfig config = new TrainConfig(java.util.List.of(10), digitnet.nn.Init.UNIFORM, 12, 0, 0, 1.0, 4, 3);
        Network alone = Training.run(data, 100, config, TrainListener.NONE).network();
        KernelWarmUp warmUp = KernelWarmUp.start(config);
        Network beside = Training.run(data, 100, config, TrainListener.NONE).network();
        warmUp.finish(10_000);
        for (int i = 0; i < alone.parameters().size(); i++) {
            float[] a = alone.parameters().get(i).value().data, b = beside.parameters().get(i).value().data;
            for (int j = 0; j < a.length; j++) {
                assertThat(Float.floatToRawIntBits(b[j])).as("%s[%d]", alone.parameters().get(i).name(), j)
                        .isEqualTo(Float.floatToRawIntBits(a[j]));
            }
        }
    }
}
