package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.nn.Network;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import digitnet.train.ProgressListener;
import digitnet.train.Training;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The warm-up thread leaves the real run alone: the same model bit for bit with a warm-up running beside it and without. */
class KernelWarmUpTest {

    @Test
    void aRunWithTheWarmUpBesideItTrainsTheSameModel() throws Exception {
        Dataset data = DataLoader.embeddedSample().subset(IntStream.range(0, 1500).toArray(), "sample");
        Settings config = Settings.of(new NetworkSpec.Mlp(java.util.List.of(10), 0), digitnet.nn.Init.UNIFORM, OptimizerSettings.sgd(1.0), new Steps(0, 0, 12, 4), 3);
        Network alone = Training.run(data, config.withHeldOut(HeldOutRows.dev(100)), ProgressListener.NONE).network();
        KernelWarmUp warmUp = KernelWarmUp.start(config);
        Network beside = Training.run(data, config.withHeldOut(HeldOutRows.dev(100)), ProgressListener.NONE).network();
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
