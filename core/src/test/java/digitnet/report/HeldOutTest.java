package digitnet.report;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Init;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import digitnet.train.TrainingRecord;
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
        Settings config = Settings.of(new NetworkSpec.Mlp(List.of(4), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(0, 0, 1, 1), 3);
        Training.Outcome outcome = Training.run(all, config.withHeldOut(new HeldOutRows(1000, 1000)), p -> { }, null);
        TrainingRecord settings = TrainingRecord.of(config.withHeldOut(new HeldOutRows(1000, 1000)), DataLoader.SAMPLE_NAME, all, all.contentSha256());
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
        Settings config = Settings.of(new NetworkSpec.Mlp(List.of(4), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(0, 0, 1, 1), 3);
        TrainingRecord settings = TrainingRecord.of(config.withHeldOut(new HeldOutRows(1000, 0)), "digits.csv", all, all.contentSha256());
        byte[] px = all.pixels().clone();
        px[12345] ^= 1;
        Dataset edited = new Dataset(px, all.labels(), all.count(), all.height(), all.width(), all.classes(), "digits.csv");
        assertThat(settings.sameData("digits.csv", all)).isTrue();
        assertThat(settings.sameData("digits.csv", edited)).isFalse();
        assertThat(settings.splits("digits.csv", edited)).isNull();
    }
}
