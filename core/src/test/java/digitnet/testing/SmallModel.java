package digitnet.testing;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Init;
import digitnet.nn.Predictor;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import digitnet.train.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, fast model trained once per test JVM on the embedded sample: mini-batch 784-32-10,
 * He init, learning rate 0.1, 4 epochs, seed 1, 1000 dev rows. Saved to a temporary file and
 * loaded back, as {@code serve} would.
 */
public final class SmallModel {
    public static final int DEV_ROWS = 1000;
    private static SmallModel instance;

    public final Training.Outcome outcome;
    public final ModelInfo info;
    public final Path file;
    public final ModelFile.Loaded loaded;

    private SmallModel() {
        Dataset all = DataLoader.embeddedSample();
        Settings config = Settings.of(new NetworkSpec.Mlp(List.of(32), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(32, 4, 0, 1), 1);
        outcome = Training.run(all, config.withHeldOut(HeldOutRows.dev(DEV_ROWS)), p -> { });
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("data", DataLoader.SAMPLE_NAME);
        training.put("rows", all.count());
        training.put("dev_rows", DEV_ROWS);
        training.put("seed", 1L);
        training.put("epochs", 4);
        Predictor.Score dev = new Predictor(outcome.network()).score(outcome.dev());
        info = new ModelInfo(outcome.network().architecture(), 28, 28, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(training, outcome.network().architecture()), Map.of("dev_accuracy", dev.accuracy(), "dev_loss", dev.loss()));
        try {
            Path dir = Files.createTempDirectory("digitnet-small-model");
            dir.toFile().deleteOnExit();
            file = dir.resolve("model.safetensors");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ModelFile.save(file, outcome.network(), info, Map.of());
        file.toFile().deleteOnExit();
        loaded = ModelFile.load(file);
    }

    public static synchronized SmallModel get() {
        if (instance == null) {
            instance = new SmallModel();
        }
        return instance;
    }
}
