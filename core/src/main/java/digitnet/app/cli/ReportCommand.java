package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import digitnet.eval.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        Model m = Digitnet.load(model);
        Digits all = dataOptions.digits(m, spec.commandLine().getErr());
        Digits test = dataOptions.testDigits(m, null);
        // a folder's test pictures, or the model's own dev rows when it was trained on this data: unseen images
        Digits data = test != null ? test : m.devRows(all).orElse(all);
        Evaluation eval = m.writeReport(out, data, "digitnet report: " + model.getFileName());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s: accuracy %.4f, loss %.4f on %d images%n", data.source(), eval.accuracy(),
                eval.loss(), eval.count());
        w.println("report written to " + out.resolve("index.html"));
        w.flush();
        return ExitCodes.OK;
    }
}
