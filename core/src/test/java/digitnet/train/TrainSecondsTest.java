package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Dataset;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * trainSeconds has one definition for full-batch and mini-batch runs: from the start of the first
 * step to the end of the last, whatever happens between (here a listener that takes 100 s of a
 * fake clock at each report).
 */
class TrainSecondsTest {

    static TrainResult run(Settings c) {
        Dataset train = Fixtures.sample(60), dev = Fixtures.sample(20);
        double[] now = {0};
        ProgressListener slow = p -> now[0] += 100;
        Network n = Network.initialised(digitnet.nn.Architecture.of(784, ((NetworkSpec.Mlp) c.network()).hidden(), 10), Init.HE, 1);
        return new Trainer(c, c.optimizer().create(), slow, () -> now[0]).train(n, train, dev);
    }

    @Test
    void fullBatchCountsFromTheFirstStepToTheEndOfTheLast() {
        TrainResult r = run(Settings.of(new NetworkSpec.Mlp(List.of(4), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(0, 0, 21, 10), 1));   // reports at 0, 10, 20
        assertThat(r.history()).extracting(Progress::seconds).containsExactly(0.0, 100.0, 200.0);
        assertThat(r.trainSeconds()).isEqualTo(200.0);
    }

    @Test
    void miniBatchCountsTheSame() {
        TrainResult r = run(Settings.of(new NetworkSpec.Mlp(List.of(4), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(16, 3, 0, 1), 1));
        assertThat(r.history()).extracting(Progress::seconds).containsExactly(0.0, 100.0, 200.0);
        assertThat(r.trainSeconds()).isEqualTo(200.0);
    }
}
