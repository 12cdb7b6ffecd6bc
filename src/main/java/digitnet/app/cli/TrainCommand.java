package digitnet.app.cli;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Shape;
import digitnet.report.Report;
import digitnet.train.CheckpointException;
import digitnet.train.Preset;
import digitnet.train.PresetChoice;
import digitnet.train.PresetData;
import digitnet.train.TrainConfig;
import digitnet.train.TrainSettings;
import digitnet.train.Training;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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

    @Option(names = "--json", description = "Print progress on stderr and one JSON summary object on stdout. "
            + "Its trainSeconds (and the \"training loop\" seconds of the text summary) is the wall time from the start "
            + "of the first step to the end of the last, warm-up steps and dev evaluations included, loading and "
            + "saving not; the same for full-batch and mini-batch runs.")
    boolean json;

    @Mixin OutputOptions output;
    @Mixin CommonOptions common;
    @Mixin SpeedOptions speed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progressOut = output.quiet ? new PrintWriter(Writer.nullWriter())
                : json ? spec.commandLine().getErr() : out;
        long t0 = System.nanoTime();
        learn.check();
        ModelFile.Loaded saved = learn.resume == null ? null : ModelFile.load(learn.resume);
        KernelWarmUp warmUp = KernelWarmUp.start(notebookConfig());   // compiles the kernels while the data is read
        Dataset all = dataOptions.load();
        PresetChoice choice = learn.resolve(presetData(all), seed);
        List<Integer> hidden = saved == null ? learn.hidden : ResumeCheck.hidden(saved, learn.hidden, learn.hiddenGiven());
        List<LayerSpec> items = saved == null ? learn.layerItems()
                : ResumeCheck.layers(saved, learn.layerItems(), learn.layersGiven());
        TrainConfig config = learn.config(seed, hidden, items, all.height(), all.width());
        Architecture architecture = architecture(config, all);
        TrainSettings settings = TrainSettings.of(config, dataOptions.describe(), all, dev, learn.test, choice);
        Training.Resume resume = saved == null ? null : ResumeCheck.check(learn.resume, saved, settings, all);
        printPlan(progressOut, all, architecture);
        printChoice(progressOut, choice);
        warmUp.finish(2_000);

        Training.Outcome outcome = train(all, config, resume, progressOut);
        TrainOutput.Scores scores = TrainOutput.Scores.of(outcome);
        ModelInfo info = new ModelInfo(outcome.network().architecture(), all.height(), all.width(),
                ModelInfo.numberedLabels(all.classes()), settings, scores.metrics());
        ModelFile.save(model, outcome.network(), info, outcome.checkpoint());
        if (output.report != null) {
            writeReport(outcome, info);
        }
        if (json) {
            TrainOutput.printJson(out, outcome.result(), scores, settings, model);
        } else {
            TrainOutput.printText(out, outcome.result(), config.fullBatch(), scores, (System.nanoTime() - t0) / 1e9,
                    model, output.report);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The network to train on this data; a layer list that cannot work on the data's image shape is a usage error. */
    private static Architecture architecture(TrainConfig config, Dataset all) {
        try {
            return config.architecture(Shape.image(all.height(), all.width()), all.classes());
        } catch (LayerList.InvalidLayerException e) {
            throw new UsageException("--layers: " + e.getMessage());
        }
    }

    /** The facts the preset is sized from; held-out rows that leave nothing to train on are refused as the split refuses them. */
    /**
     * The run's configuration before the data is read, for the kernel warm-up: known only for the seed
     * preset (the notebook), whose choice does not depend on the data; null otherwise (no warm-up).
     */
    private TrainConfig notebookConfig() {
        if (learn.presetChosen() != Preset.SEED || learn.resume != null || learn.layersGiven()) {
            return null;
        }
        PresetData nominal = new PresetData(9_000, 1_000, 1, 28, 28, 10);   // the notebook's choice is the same for any data
        learn.resolve(nominal, seed);
        return learn.config(seed, learn.hidden, List.of(), 28, 28);
    }

    private PresetData presetData(Dataset all) {
        if (dev < 0 || learn.test < 0 || (long) dev + learn.test >= all.count()) {
            throw new InputException(all.source() + ": cannot hold out " + dev + " dev and " + learn.test
                    + " test rows from " + all.count() + " rows (at least one must remain for training)");
        }
        return PresetData.of(all, dev, learn.test);
    }

    private static void printChoice(PrintWriter progressOut, PresetChoice choice) {
        progressOut.printf(Locale.ROOT, "preset %s%s:%n", choice.asked().id(),
                choice.used() == choice.asked() ? "" : " (" + choice.used().id() + ")");
        for (String d : choice.decisions()) {
            progressOut.println("  " + d);
        }
        progressOut.flush();
    }

    private void printPlan(PrintWriter progressOut, Dataset all, Architecture architecture) {
        progressOut.printf(Locale.ROOT, "data: %s, %d images of %s, %d classes; test %d rows, dev %d rows; network %s%n",
                dataOptions.describe(), all.count(), all.shape(), all.classes(), learn.test, dev, architecture);
        progressOut.flush();
    }

    private Training.Outcome train(Dataset all, TrainConfig config, Training.Resume resume, PrintWriter progressOut) {
        try {
            return Training.run(all, dev, learn.test, config, output.printer(progressOut, config, json), resume);
        } catch (CheckpointException e) {
            throw new InputException(learn.resume + ": " + e.getMessage());
        }
    }

    private void writeReport(Training.Outcome outcome, ModelInfo info) {
        Dataset shown = outcome.dev().count() > 0 ? outcome.dev() : outcome.train();
        Report.write(output.report, new Report.Input("digitnet training report", outcome.network(), info, shown,
                outcome.result().history()));
    }
}
