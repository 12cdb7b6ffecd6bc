package digitnet.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How {@code train} shows its progress, and where it writes its report (a picocli mixin). */
public final class OutputOptions {
    /** The --progress choices. */
    enum ProgressStyle { AUTO, BAR, LINES }

    @Option(names = "--progress", paramLabel = "STYLE", defaultValue = "auto",
            description = "auto (a progress bar on a terminal, plain lines otherwise and with --json), bar, lines. "
                    + "Default: ${DEFAULT-VALUE}.")
    ProgressStyle progress;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
    boolean quiet;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Also write an HTML training report (curves, confusion matrix, weights, galleries) into DIR.")
    Path report;

    ProgressPrinter printer(PrintWriter out, boolean fullBatch, int epochs, boolean json) {
        ProgressPrinter.Mode mode;
        if (quiet) {
            mode = ProgressPrinter.Mode.QUIET;
        } else if (progress == ProgressStyle.BAR || progress == ProgressStyle.AUTO && !json && System.console() != null) {
            mode = ProgressPrinter.Mode.BAR;
        } else {
            mode = ProgressPrinter.Mode.LINES;
        }
        return new ProgressPrinter(out, fullBatch, epochs, mode);
    }
}
