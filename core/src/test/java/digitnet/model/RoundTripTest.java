package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Dataset;
import digitnet.nn.Predictor;
import digitnet.testing.Fixtures;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import digitnet.train.Training;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train -> save -> load -> predict gives the very same probabilities, bit for bit. */
class RoundTripTest {
    @TempDir Path dir;

    @Test
    void trainedNetworkPredictsIdenticallyAfterSaveAndLoad() {
        Dataset all = Fixtures.sample(400);
        Settings config = Settings.of(new NetworkSpec.Mlp(List.of(12, 8), 0), digitnet.nn.Init.HE, OptimizerSettings.sgd(0.5), new Steps(0, 0, 30, 10), 9);
        Training.Outcome outcome = Training.run(all, config.withHeldOut(HeldOutRows.dev(100)), p -> { });
        Path file = dir.resolve("trained.safetensors");
        ModelFile.save(file, outcome.network(), new ModelInfo(outcome.network().architecture(), 28, 28, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(Map.of("seed", 9), outcome.network().architecture()), Map.of()), Map.of());

        ModelFile.Loaded loaded = ModelFile.load(file);
        int[] before = new int[all.count()], after = new int[all.count()];
        float[] pBefore = new float[all.count() * 10], pAfter = new float[all.count() * 10];
        new Predictor(outcome.network()).predict(all, before, pBefore);
        new Predictor(loaded.network()).predict(all, after, pAfter);
        assertThat(pAfter).containsExactly(pBefore);
        assertThat(after).containsExactly(before);
        // the network learned something, so identical outputs are not identical zeros
        assertThat(new Predictor(loaded.network()).score(outcome.dev()).accuracy()).isGreaterThan(0.3);
    }
}
