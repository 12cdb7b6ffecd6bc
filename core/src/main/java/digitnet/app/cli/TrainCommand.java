package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.eval.Evaluation;
import digitnet.api.Model;
import digitnet.api.TrainingRun;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Architecture;
import digitnet.nn.ShiftedViews;
import digitnet.train.BudgetStart;
import digitnet.train.HeldOutRows;
import digitnet.train.Preset;
import digitnet.train.PresetData;
import digitnet.train.PresetDecisions;
import digitnet.train.ProgressListener;
import digitnet.train.Schedule;
import digitnet.train.Settings;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digitnet train}: train a network, print progress, save the model. A thin layer on the library:
 * the options become {@link Settings}, {@link Digitnet#run} (or {@link Digitnet#resume}) trains, and the
 * {@link TrainingRun} is printed and its model saved.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network on labelled digits and save the model.")
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataOptions dataOptions;

    @Option(names = "--dev", paramLabel = "N",
            description = "Rows held out (after shuffling with the seed) to evaluate on. Default: 1000; for data of fewer than "
                    + "10,000 rows (less --test), a tenth of them.")
    Integer dev;

    @Mixin LearnOptions learn;

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "A labelled file of images the run never sees (Kaggle CSV, or IDX images with their labels beside "
                    + "them, raw or .gz), scored after training as evaluate would score it, in the same process. Read before "
                    + "training, so a bad file stops the run at once. A folder of pictures with train/ and test/ parts has its "
                    + "test part scored by itself.")
    Path testData;

    @Option(names = "--test-views",
            description = "Score the test data (--test-data, or a folder's test part) as evaluate --test-views does: each "
                    + "image as the mean of five test-time views. For images of at least 12x12.")
    boolean testViews;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of every random choice (split, initial weights, batch order). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "digitnet-model.safetensors",
            description = "Where to save the trained model. Default: ${DEFAULT-VALUE}.")
    Path model;

    @Option(names = "--json", description = "Print progress on stderr and one JSON summary object on stdout. "
            + "Its trainSeconds (and the \"training loop\" seconds of the text summary) is the wall time from the start "
            + "of the first step to the end of the last, warm-up steps and the dev evaluations between steps included, "
            + "loading, saving and the evaluation after the last step not; the same for full-batch and mini-batch runs.")
    boolean json;

    @Mixin OutputOptions output;
    @Mixin CommonOptions common;
    @Mixin SpeedOptions speed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progressOut = output.quiet ? new PrintWriter(Writer.nullWriter())
                : json ? spec.commandLine().getErr() : out;
        BudgetStart started = Main.commandStart();   // --max-seconds is the whole command
        learn.check();
        Model saved = learn.resume == null ? null : Digitnet.load(learn.resume);
        KernelWarmUp warmUp = KernelWarmUp.start(notebookConfig());   // compiles the kernels while the data is read
        Digits all = dataOptions.digits(null, spec.commandLine().getErr());
        Digits testFile = testData(all);
        if (testViews && testFile == null && dataOptions.testDigits(null, null) == null) {
            throw new UsageException("--test-views scores the test data: give --test-data FILE, or a folder with a test part");
        }
        Settings settings = learn.settings(presetData(all), seed, saved);
        Architecture architecture = architecture(settings, all);
        if (saved != null) {
            ResumeCheck.check(learn.resume, saved, all, settings, dataOptions.describe());
        }
        printPlan(progressOut, all, architecture);
        printChoice(progressOut, settings.preset());
        all.contentSha256();            // the record's checksum, while the warm-up thread may still be compiling
        warmUp.finish(2_000);

        boolean fullBatch = settings.steps().fullBatch();
        ProgressListener listener = output.printer(progressOut, fullBatch, settings.steps().epochs(), json);
        BudgetStart budget = started.scoringAlso(testFile == null ? 0
                : (long) testFile.count() * (testViews ? ShiftedViews.VIEWS : 1));
        TrainingRun run = saved == null ? Digitnet.run(all, settings, listener, budget)
                : Digitnet.resume(saved, all, settings, listener, budget);
        TrainOutput.noteBudgetSpentEarly(spec.commandLine().getErr(), run, settings.stopping().maxSeconds());
        run.model().save(model);
        if (output.report != null) {
            Digits shown = run.devRows().count() > 0 ? run.devRows() : run.trainRows();
            run.model().writeReport(output.report, shown, "digitnet training report");
        }
        Digits untouched = testFile != null ? testFile : dataOptions.testDigits(null, null);   // a train/test folder's test part
        Evaluation test = null;
        if (untouched != null) {        // rows the run never saw
            test = run.model().evaluate(untouched, testViews);
            PrintWriter to = json ? spec.commandLine().getErr() : out;
            to.printf(Locale.ROOT, "%s %s%s: accuracy %.4f (%d of %d), loss %.4f%n", testFile != null ? "test data" : "test folder",
                    untouched.source(), testViews ? " (test-time views)" : "", test.accuracy(), Math.round(test.accuracy() * test.count()), test.count(), test.loss());
            to.flush();
        }
        if (json) {
            TrainOutput.printJson(out, run, run.model().training(), model, untouched == null ? null : untouched.source(), test,
                    testViews);
        } else {
            TrainOutput.printText(out, run, fullBatch, settings.schedule() instanceof Schedule.Constant,
                    System.nanoTime() / 1e9 - started.start(), model, output.report);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The --test-data file, read before training: labelled, with the classes of --classes, and images of the
     * training data's shape; null without the option.
     */
    private Digits testData(Digits all) {
        if (testData == null) {
            return null;
        }
        if (PictureOptions.isFolder(dataOptions.data)) {
            throw new UsageException("--test-data goes with a data file; a folder of pictures with train/ and test/ "
                    + "parts has its test part scored by itself");
        }
        Digits test = Digitnet.read(testData, null, dataOptions.classes);
        if (!test.labelled()) {
            throw new InputException(testData + ": --test-data needs labels (a Kaggle CSV with a label column, or IDX "
                    + "images with their labels file)");
        }
        if (!test.shape().equals(all.shape())) {
            throw new InputException(testData + ": images of " + test.shape() + ", the training data's are " + all.shape());
        }
        return test;
    }

    /** The network to train on this data; a layer list that cannot work on the data's image shape is a usage error. */
    private static Architecture architecture(Settings settings, Digits all) {
        try {
            return settings.network().architecture(all.channels(), all.height(), all.width(), all.classes());
        } catch (InvalidSettingException e) {
            if (e.setting().equals("NetworkSpec.layers")) {
                throw new UsageException("--layers: " + e.problem());
            }
            throw e;
        }
    }

    /**
     * The run's configuration before the data is read, for the kernel warm-up: known only for the seed
     * preset (the notebook), whose choice does not depend on the data; null otherwise (no warm-up).
     */
    private Settings notebookConfig() {
        if (learn.presetChosen() != Preset.SEED || learn.resume != null || learn.layersGiven()) {
            return null;
        }
        return learn.settings(PresetData.NOMINAL, seed, null);   // the notebook's choice is the same for any data
    }

    /** The facts the preset is sized from; held-out rows that leave nothing to train on are refused as the split refuses them. */
    private PresetData presetData(Digits all) {
        int dev = TrainOptions.devRows(this.dev, all.count(), learn.test);
        int trainRows;
        try {
            trainRows = new HeldOutRows(dev, learn.test).trainRows(all.count());
        } catch (InvalidSettingException e) {
            throw new InputException(all.source() + ": cannot hold out " + dev + " dev and " + learn.test
                    + " test rows from " + all.count() + " rows (at least one must remain for training)");
        }
        return new PresetData(trainRows, dev, learn.test, all.channels(), all.height(), all.width(), all.classes());
    }

    /** What the preset decided, as it reads for the run (the options given instead are marked). */
    private static void printChoice(PrintWriter progressOut, PresetDecisions decided) {
        progressOut.printf(Locale.ROOT, "preset %s%s:%n", decided.asked().id(),
                decided.used() == decided.asked() ? "" : " (" + decided.used().id() + ")");
        for (String d : decided.lines()) {
            progressOut.println("  " + d);
        }
        progressOut.flush();
    }

    private void printPlan(PrintWriter progressOut, Digits all, Architecture architecture) {
        progressOut.printf(Locale.ROOT, "data: %s, %d images of %s, %d classes; test %d rows, dev %d rows; network %s%n",
                dataOptions.describe(), all.count(), all.shape(), all.classes(), learn.test,
                TrainOptions.devRows(dev, all.count(), learn.test),
                architecture);
        progressOut.flush();
    }
}
