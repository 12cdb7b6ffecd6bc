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

    static TrainResult run(TrainConfig c) {
        Dataset train = Fixtures.sample(60), dev = Fixtures.sample(20);
        double[] now = {0};
        TrainListener slow = p -> now[0] += 100;
        Network n = Network.initialised(digitnet.nn.Architecture.of(784, c.hidden(), 10), Init.HE, 1);
        return new Trainer(c, c.optimizer().create(c.learningRate()), slow, () -> now[0]).train(n, train, dev);
    }

    @Test
    void fullBatchCountsFromTheFirstStepToTheEndOfTheLast() {
        TrainResult r = run(new TrainConfig(List.of(4), Init.HE, 21, 0, 0, 0.1, 10, 1));   // reports at 0, 10, 20
        assertThat(r.history()).extracting(Progress::seconds).containsExactly(0.0, 100.0, 200.0);
        assertThat(r.trainSeconds()).isEqualTo(200.0);
    }

    @Test
    void miniBatchCountsTheSame() {
        TrainResult r = run(new TrainConfig(List.of(4), Init.HE, 0, 3, 16, 0.1, 1, 1));
        assertThat(r.history()).extracting(Progress::seconds).containsExactly(0.0, 100.0, 200.0);
        assertThat(r.trainSeconds()).isEqualTo(200.0);
    }
}
