package digitnet.spark;

import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.model.OutputException;
import digitnet.train.DivergedException;
import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line on stderr and the CLI's exit code for what went wrong in a job, on the driver or on an
 * executor: Spark wraps a task's exception in its own, so the cause chain is searched for digitnet's
 * (bad input 3, unwritable output 4, usage 2, divergence 1; anything else 70, a bug).
 */
final class SparkErrors {
    static final int USAGE = 2, BAD_INPUT = 3, CANNOT_WRITE = 4, TRAINING_FAILED = 1, INTERNAL = 70;
    // a task's exception as Spark's message quotes it, when the exception itself did not travel
    private static final Pattern QUOTED = Pattern.compile(
            "(digitnet\\.data\\.InputException|digitnet\\.model\\.OutputException): ([^\\n]*)");

    private SparkErrors() {}

    static int report(Throwable e, String command, boolean verbose, PrintStream err) {
        int code = INTERNAL;
        String message = null;
        for (Throwable t = e; t != null && message == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InputException) {
                code = BAD_INPUT;
            } else if (t instanceof OutputException) {
                code = CANNOT_WRITE;
            } else if (t instanceof InvalidSettingException || t instanceof picocli.CommandLine.ParameterException
                    || t.getClass().getName().equals("digitnet.app.cli.UsageException")) {   // the CLI's and a job's option checks
                code = USAGE;
            } else if (t instanceof DivergedException) {
                code = TRAINING_FAILED;
            } else {
                continue;
            }
            message = t.getMessage();
        }
        if (message == null && e.getMessage() != null) {
            Matcher m = QUOTED.matcher(e.getMessage());
            if (m.find()) {
                code = m.group(1).endsWith("InputException") ? BAD_INPUT : CANNOT_WRITE;
                message = m.group(2).strip();
            }
        }
        err.println("digitnet-spark " + command + ": error: "
                + (message != null ? message : "internal error: " + e + " (run with --verbose for the stack trace)"));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
