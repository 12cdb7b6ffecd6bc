package digitnet.app.cli;

import digitnet.data.Dataset;
import digitnet.eval.Evaluation;
import digitnet.model.ModelFile;
import digitnet.report.HeldOut;
import digitnet.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digitnet report}: the HTML report of a saved model, evaluated on labelled data. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the HTML report (confusion matrix, weights, galleries, settings) of a saved model.")
public final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "digitnet-model.safetensors",
            description = "The model file. Default: ${DEFAULT-VALUE}.")
    Path model;

    @Mixin DataOptions dataOptions;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory for index.html and the images.")
    Path out;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        ModelFile.Loaded loaded = ModelFile.load(model);
        Dataset all = dataOptions.load();
        // the model's own dev rows when it was trained on this data, so the report shows unseen digits
        Dataset data = HeldOut.devRows(loaded.info(), all, dataOptions.describe()).orElse(all);
        Evaluation eval = Report.write(out, new Report.Input("digitnet report: " + model.getFileName(),
                loaded.network(), loaded.info(), data, List.of()));
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: accuracy %.4f, loss %.4f on %d images%n", data.source(), eval.accuracy(),
                eval.loss(), eval.count());
        w.println("report written to " + out.resolve("index.html"));
        w.flush();
        return ExitCodes.OK;
    }
}
