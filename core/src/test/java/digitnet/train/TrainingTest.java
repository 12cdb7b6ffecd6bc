package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.nn.Init;
import digitnet.nn.Parameter;
import digitnet.nn.Predictor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingTest {
    static Dataset sample;

    @BeforeAll
    static void load() {
        sample = DataLoader.embeddedSample();
    }

    @Test
    void theNotebookDefaultsReachEightyFivePercentOnTheDevSet() {
        List<Progress> seen = new ArrayList<>();
        Training.Outcome o = Training.run(sample, Settings.notebook().withHeldOut(HeldOutRows.dev(1000)), seen::add);
        assertThat(o.train().count()).isEqualTo(9000);
        assertThat(o.dev().count()).isEqualTo(1000);
        assertThat(o.result().iterations()).isEqualTo(500);
        // a line every 10 iterations, 0..490, and the last one
        assertThat(seen).hasSize(51);
        assertThat(seen.get(1).iteration()).isEqualTo(10);
        Predictor.Score dev = new Predictor(o.network()).score(o.dev());
        assertThat(dev.accuracy()).isGreaterThanOrEqualTo(0.85);
        assertThat(seen.get(seen.size() - 1).devAccuracy()).isEqualTo(dev.accuracy());
    }

    @Test
    void aNetworkOverfitsOneHundredSamples() {
        int[] first = new int[100];
        for (int i = 0; i < 100; i++) {
            first[i] = i;
        }
        Dataset hundred = sample.subset(first, "first 100");
        Settings c = Settings.of(new NetworkSpec.Mlp(List.of(64), 0), Init.HE, OptimizerSettings.sgd(0.5), new Steps(0, 0, 400, 50), 3);
        Training.Outcome o = Training.run(hundred, c.withHeldOut(HeldOutRows.dev(0)), ProgressListener.NONE);
        assertThat(new Predictor(o.network()).score(o.train()).accuracy()).isEqualTo(1.0);
    }

    @Test
    void theSameSeedGivesTheSameModelBitForBit() {
        Settings c = Settings.of(new NetworkSpec.Mlp(List.of(16), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(32, 2, 0, 1), 42);
        Training.Outcome a = Training.run(firstRows(2000), c.withHeldOut(HeldOutRows.dev(200)), ProgressListener.NONE);
        Training.Outcome b = Training.run(firstRows(2000), c.withHeldOut(HeldOutRows.dev(200)), ProgressListener.NONE);
        for (int i = 0; i < a.network().parameters().size(); i++) {
            Parameter pa = a.network().parameters().get(i), pb = b.network().parameters().get(i);
            assertThat(pa.value().data).as(pa.name()).isEqualTo(pb.value().data);
        }
        Training.Outcome other = Training.run(firstRows(2000), (Settings.of(new NetworkSpec.Mlp(List.of(16), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(32, 2, 0, 1), 43)).withHeldOut(HeldOutRows.dev(200)), ProgressListener.NONE);
        assertThat(other.network().parameters().get(0).value().data)
                .isNotEqualTo(a.network().parameters().get(0).value().data);
    }

    @Test
    void miniBatchTrainingLearns() {
        Settings c = Settings.of(new NetworkSpec.Mlp(List.of(32), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(64, 5, 0, 1), 7);
        List<Progress> seen = new ArrayList<>();
        Training.Outcome o = Training.run(firstRows(3000), c.withHeldOut(HeldOutRows.dev(500)), seen::add);
        assertThat(seen).extracting(Progress::epoch).containsExactly(1, 2, 3, 4, 5);
        assertThat(o.result().iterations()).isEqualTo(5 * ((2500 + 63) / 64));
        assertThat(seen.get(4).trainLoss()).isLessThan(seen.get(0).trainLoss());
        assertThat(seen.get(4).devAccuracy()).isGreaterThan(0.8);
    }

    @Test
    void aDivergingRunStopsNamingTheLearningRate() {
        Settings c = Settings.of(new NetworkSpec.Mlp(List.of(10), 0), Init.UNIFORM, OptimizerSettings.sgd(1e20), new Steps(0, 0, 100, 10), 1);
        assertThatThrownBy(() -> Training.run(firstRows(500), c.withHeldOut(HeldOutRows.dev(100)), ProgressListener.NONE))
                .isInstanceOf(DivergedException.class)
                .hasMessageContaining("learning rate 1.0E20")
                .hasMessageContaining("diverged at iteration");
    }

    static Dataset firstRows(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return sample.subset(idx, "first " + n);
    }
}
