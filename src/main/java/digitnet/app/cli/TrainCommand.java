package digitnet.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Predictor;
import digitnet.report.Report;
import digitnet.train.Progress;
import digitnet.train.TrainConfig;
import digitnet.train.Training;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
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

    @Mixin LearnOptions learn;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of every random choice (split, initial weights, batch order). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "digitnet-model.safetensors",
            description = "Where to save the trained model. Default: ${DEFAULT-VALUE}.")
    Path model;

    @Option(names = "--json", description = "Print progress on stderr and one JSON summary object on stdout.")
    boolean json;

    @Mixin OutputOptions output;
    @Mixin CommonOptions common;
    @Mixin SpeedOptions speed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progressOut = output.quiet ? new PrintWriter(Writer.nullWriter())
                : json ? spec.commandLine().getErr() : out;
        learn.resolve();
        Training.Resume resume = null;
        List<Integer> hidden = learn.hidden;
        if (learn.resume != null) {
            ModelFile.Loaded loaded = ModelFile.load(learn.resume);
            if (learn.hiddenGiven() && !loaded.network().architecture().hidden().equals(hidden)) {
                throw new IllegalArgumentException("--hidden " + hidden + " differs from the resumed model's "
                        + loaded.network().architecture());
            }
            hidden = loaded.network().architecture().hidden();
            Object savedOptimizer = loaded.info().training().get("optimizer");
            if (savedOptimizer != null && !savedOptimizer.toString().equals(learn.optimizer.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(learn.resume + ": was trained with --optimizer " + savedOptimizer
                        + ", not " + learn.optimizer + "; resume with the same options");
            }
            resume = new Training.Resume(loaded.network(), loaded.extras());
        }
        TrainConfig config = learn.config(seed, hidden);
        long t0 = System.nanoTime();
        Dataset all = dataOptions.load();
        progressOut.printf(Locale.ROOT, "data: %s, %d images of %s, %d classes; test %d rows, dev %d rows; network %d-%s-%d%n",
                dataOptions.describe(), all.count(), all.shape(), all.classes(), learn.test, dev, all.features(),
                String.join("-", hidden.stream().map(String::valueOf).toList()), all.classes());
        progressOut.flush();
        Training.Outcome outcome = Training.run(all, dev, learn.test, config, output.printer(progressOut, config, json),
                resume);

        Predictor predictor = new Predictor(outcome.network());
        Predictor.Score train = predictor.score(outcome.train());
        Predictor.Score devScore = outcome.dev().count() > 0 ? predictor.score(outcome.dev()) : null;
        Predictor.Score testScore = outcome.test().count() > 0 ? predictor.score(outcome.test()) : null;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("train_accuracy", train.accuracy());
        metrics.put("train_loss", train.loss());
        if (devScore != null) {
            metrics.put("dev_accuracy", devScore.accuracy());
            metrics.put("dev_loss", devScore.loss());
        }
        if (testScore != null) {
            metrics.put("test_accuracy", testScore.accuracy());
            metrics.put("test_loss", testScore.loss());
        }
        ModelInfo info = new ModelInfo(outcome.network().architecture(), all.height(), all.width(),
                ModelInfo.numberedLabels(all.classes()), trainingSettings(config, all), metrics);
        ModelFile.save(model, outcome.network(), info, outcome.checkpoint());
        if (output.report != null) {
            Dataset shown = outcome.dev().count() > 0 ? outcome.dev() : outcome.train();
            Report.write(output.report, new Report.Input("digitnet training report", outcome.network(), info, shown,
                    outcome.result().history()));
        }

        double seconds = outcome.result().trainSeconds();
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("trainAccuracy", train.accuracy());
            summary.put("devAccuracy", devScore == null ? null : devScore.accuracy());
            summary.put("testAccuracy", testScore == null ? null : testScore.accuracy());
            summary.put("trainLoss", train.loss());
            summary.put("devLoss", devScore == null ? null : devScore.loss());
            summary.put("testLoss", testScore == null ? null : testScore.loss());
            summary.put("iterations", outcome.result().iterations());
            summary.put("epochs", outcome.result().epochsDone());
            summary.put("bestEpoch", outcome.result().bestEpoch() < 0 ? null : outcome.result().bestEpoch());
            summary.put("stopReason", outcome.result().stopReason());
            summary.put("trainSeconds", seconds);
            summary.put("model", model.toString());
            summary.put("settings", trainingSettings(config, all));
            summary.put("history", historyJson(outcome.result().history()));
            out.println(new ObjectMapper().writeValueAsString(summary));
        } else {
            out.printf(Locale.ROOT, "done: %d iterations in %.2f s (training loop), %.2f s in all; stopped: %s%s%n",
                    outcome.result().iterations(), seconds, (System.nanoTime() - t0) / 1e9, outcome.result().stopReason(),
                    outcome.result().bestEpoch() < 0 ? "" : ", kept the weights of " + (config.fullBatch() ? "iteration " : "epoch ")
                            + outcome.result().bestEpoch());
            out.printf(Locale.ROOT, "train accuracy %.4f (loss %.4f)%s%s%n", train.accuracy(), train.loss(),
                    devScore == null ? "" : String.format(Locale.ROOT, ", dev accuracy %.4f (loss %.4f)",
                            devScore.accuracy(), devScore.loss()),
                    testScore == null ? "" : String.format(Locale.ROOT, ", test accuracy %.4f (loss %.4f)",
                            testScore.accuracy(), testScore.loss()));
            out.println("model saved to " + model);
            if (output.report != null) {
                out.println("report written to " + output.report.resolve("index.html"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The per-report curve: NaN (no dev set) becomes null so that the output stays valid JSON. */
    private static List<Map<String, Object>> historyJson(List<Progress> history) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Progress p : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iteration", p.iteration());
            m.put("epoch", p.epoch());
            m.put("trainLoss", p.trainLoss());
            m.put("trainAccuracy", p.trainAccuracy());
            m.put("devLoss", Double.isNaN(p.devLoss()) ? null : p.devLoss());
            m.put("devAccuracy", Double.isNaN(p.devAccuracy()) ? null : p.devAccuracy());
            m.put("seconds", p.seconds());
            rows.add(m);
        }
        return rows;
    }

    private Map<String, Object> trainingSettings(TrainConfig c, Dataset all) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", dataOptions.describe());
        m.put("rows", all.count());
        m.put("dev_rows", dev);
        m.put("test_rows", learn.test);
        m.put("preset", learn.preset == null ? "seed" : learn.preset);
        m.put("init", c.init().id());
        m.put("optimizer", c.optimizer().kind().id());
        m.put("learning_rate", c.learningRate());
        m.put("momentum", c.optimizer().momentum());
        m.put("beta1", c.optimizer().beta1());
        m.put("beta2", c.optimizer().beta2());
        m.put("weight_decay", c.optimizer().weightDecay());
        m.put("schedule", c.schedule().describe());
        m.put("dropout", c.dropout());
        m.put("augment", c.augment() != null);
        m.put("patience", c.patience());
        m.put("max_seconds", c.maxSeconds());
        m.put("batch_size", c.batchSize());
        m.put(c.fullBatch() ? "iterations" : "epochs", c.fullBatch() ? c.iterations() : c.epochs());
        m.put("seed", c.seed());
        return m;
    }
}
