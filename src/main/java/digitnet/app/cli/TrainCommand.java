package digitnet.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Init;
import digitnet.nn.Predictor;
import digitnet.train.Progress;
import digitnet.train.TrainConfig;
import digitnet.train.Training;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digitnet train}: train a network, print progress, save the model. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network on labelled digits and save the model.")
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions dataOptions;

    @Option(names = "--dev", paramLabel = "N", defaultValue = "1000",
            description = "Rows held out (after shuffling with the seed) to evaluate on. Default: ${DEFAULT-VALUE}.")
    int dev;

    @Option(names = "--hidden", paramLabel = "N", split = ",", defaultValue = "10",
            description = "Hidden layer sizes, ReLU after each. Default: ${DEFAULT-VALUE} (the notebook's 784-10-10).")
    List<Integer> hidden;

    @Option(names = "--init", paramLabel = "KIND", defaultValue = "uniform",
            description = "Weight initialisation: uniform (the notebook's [-0.5, 0.5]), he, xavier. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "500",
            description = "Full-batch gradient descent steps. Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "0",
            description = "Mini-batch size; 0 means full batch (every step sees every row). Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10",
            description = "Epochs of mini-batch training (with --batch-size). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "RATE", defaultValue = "1",
            description = "Learning rate (the notebook's alpha). Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--every", paramLabel = "N", defaultValue = "10",
            description = "Print progress every N iterations (full batch; mini-batches print each epoch). Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of every random choice (split, initial weights, batch order). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "digitnet-model.safetensors",
            description = "Where to save the trained model. Default: ${DEFAULT-VALUE}.")
    Path model;

    @Option(names = "--json", description = "Print progress on stderr and one JSON summary object on stdout.")
    boolean json;

    @Mixin CommonOptions common;
    @Mixin SpeedOptions speed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progressOut = json ? spec.commandLine().getErr() : out;
        TrainConfig config = new TrainConfig(hidden, parseInit(init), iterations, epochs, batchSize,
                learningRate, every, seed);
        long t0 = System.nanoTime();
        Dataset all = dataOptions.load();
        progressOut.printf(Locale.ROOT, "data: %s, %d images of %s, %d classes; dev %d rows; network %d-%s-%d%n",
                dataOptions.describe(), all.count(), all.shape(), all.classes(), dev, all.features(),
                String.join("-", hidden.stream().map(String::valueOf).toList()), all.classes());
        progressOut.flush();
        Training.Outcome outcome = Training.run(all, dev, config, p -> printProgress(progressOut, p, config));

        Predictor predictor = new Predictor(outcome.network());
        Predictor.Score train = predictor.score(outcome.train());
        Predictor.Score devScore = outcome.dev().count() > 0 ? predictor.score(outcome.dev()) : null;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("train_accuracy", train.accuracy());
        metrics.put("train_loss", train.loss());
        if (devScore != null) {
            metrics.put("dev_accuracy", devScore.accuracy());
            metrics.put("dev_loss", devScore.loss());
        }
        ModelInfo info = new ModelInfo(outcome.network().architecture(), all.height(), all.width(),
                ModelInfo.numberedLabels(all.classes()), trainingSettings(config, all), metrics);
        ModelFile.save(model, outcome.network(), info, Map.of());

        double seconds = outcome.result().trainSeconds();
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("trainAccuracy", train.accuracy());
            summary.put("devAccuracy", devScore == null ? null : devScore.accuracy());
            summary.put("trainLoss", train.loss());
            summary.put("devLoss", devScore == null ? null : devScore.loss());
            summary.put("iterations", outcome.result().iterations());
            summary.put("trainSeconds", seconds);
            summary.put("model", model.toString());
            out.println(new ObjectMapper().writeValueAsString(summary));
        } else {
            out.printf(Locale.ROOT, "done: %d iterations in %.2f s (training loop), %.2f s in all%n",
                    outcome.result().iterations(), seconds, (System.nanoTime() - t0) / 1e9);
            out.printf(Locale.ROOT, "train accuracy %.4f (loss %.4f)%s%n", train.accuracy(), train.loss(),
                    devScore == null ? "" : String.format(Locale.ROOT, ", dev accuracy %.4f (loss %.4f)",
                            devScore.accuracy(), devScore.loss()));
            out.println("model saved to " + model);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static Init parseInit(String s) {
        for (Init i : Init.values()) {
            if (i.id().equals(s.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException("--init must be uniform, he or xavier, got '" + s + "'");
    }

    private static void printProgress(PrintWriter out, Progress p, TrainConfig config) {
        String head = config.fullBatch()
                ? String.format(Locale.ROOT, "iteration %4d", p.iteration())
                : String.format(Locale.ROOT, "epoch %3d", p.epoch());
        out.printf(Locale.ROOT, "%s  loss %.4f  train acc %.4f  dev acc %s  %.2fs%n", head, p.trainLoss(),
                p.trainAccuracy(), Double.isNaN(p.devAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", p.devAccuracy()),
                p.seconds());
        out.flush();
    }

    private Map<String, Object> trainingSettings(TrainConfig c, Dataset all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", dataOptions.describe());
        m.put("rows", all.count());
        m.put("dev_rows", dev);
        m.put("init", c.init().id());
        m.put("optimizer", "sgd");
        m.put("learning_rate", c.learningRate());
        m.put("batch_size", c.batchSize());
        m.put(c.fullBatch() ? "iterations" : "epochs", c.fullBatch() ? c.iterations() : c.epochs());
        m.put("seed", c.seed());
        return m;
    }
}
