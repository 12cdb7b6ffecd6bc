package digitnet.report;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Init;
import digitnet.train.TrainConfig;
import digitnet.train.TrainSettings;
import digitnet.train.Training;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows the gallery and the report show as held out are the run's dev rows, also for a model
 * trained with test rows (taken out before the dev split), found again from the saved model file.
 */
class HeldOutTest {
    @TempDir Path dir;

    @Test
    void aModelTrainedWithTestRowsFindsItsOwnDevRows() {
        Dataset all = DataLoader.embeddedSample();
        TrainConfig config = new TrainConfig(List.of(4), Init.HE, 1, 0, 0, 0.1, 1, 3);
        Training.Outcome outcome = Training.run(all, 1000, 1000, config, p -> { }, null);
        TrainSettings settings = TrainSettings.of(config, DataLoader.SAMPLE_NAME, all, 1000, 1000, "seed");
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(file, outcome.network(), new ModelInfo(outcome.network().architecture(), 28, 28,
                ModelInfo.numberedLabels(10), settings, Map.of()), Map.of());

        ModelInfo saved = ModelFile.load(file).info();
        Dataset again = HeldOut.devRows(saved, DataLoader.embeddedSample(), DataLoader.SAMPLE_NAME).orElseThrow();
        assertThat(again.pixels()).isEqualTo(outcome.dev().pixels());
        assertThat(again.labels()).isEqualTo(outcome.dev().labels());
    }

    @Test
    void otherDataWithTheSameNameAndRowCountIsNotTheTrainingData() {
        Dataset all = DataLoader.embeddedSample();
        TrainConfig config = new TrainConfig(List.of(4), Init.HE, 1, 0, 0, 0.1, 1, 3);
        TrainSettings settings = TrainSettings.of(config, "digits.csv", all, 1000, 0, "seed");
        byte[] px = all.pixels().clone();
        px[12345] ^= 1;
        Dataset edited = new Dataset(px, all.labels(), all.count(), all.height(), all.width(), all.classes(), "digits.csv");
        assertThat(settings.sameData("digits.csv", all)).isTrue();
        assertThat(settings.sameData("digits.csv", edited)).isFalse();
        assertThat(settings.splits("digits.csv", edited)).isNull();
    }
}
