package digitnet.app.cli;

import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.model.OutputException;
import digitnet.train.DivergedException;
import java.io.PrintWriter;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Maps exceptions to one line on stderr and an exit code. Only here do exceptions become exit
 * codes; stack traces appear with --verbose. Usage errors are the CLI's own ({@link UsageException},
 * picocli's) and the library's bad settings ({@link InvalidSettingException}, named by their flag
 * through {@link SettingFlags}); any other unexpected exception is a bug: exit 70.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parse) {
        PrintWriter err = cmd.getErr();
        int code;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UsageException) {
            code = ExitCodes.USAGE;
        } else if (e instanceof InvalidSettingException s) {
            code = ExitCodes.USAGE;
            message = SettingFlags.message(s);
        } else if (e instanceof InputException) {
            code = ExitCodes.BAD_INPUT;
        } else if (e instanceof OutputException) {
            code = ExitCodes.CANNOT_WRITE;
        } else if (e instanceof DivergedException) {
            code = ExitCodes.TRAINING_FAILED;
            message += "; try a smaller --learning-rate";
        } else {
            code = ExitCodes.INTERNAL;     // anything else is a bug, an IllegalArgumentException too
        }
        err.println("digitnet " + cmd.getCommandName() + ": error: " + (code == ExitCodes.INTERNAL
                ? "internal error: " + e + " (run with --verbose for the stack trace)" : message));
        if (verbose(parse)) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("digitnet " + cmd.getCommandName() + ": " + e.getMessage());
        err.println("Try 'digitnet " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help' for the options.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static boolean verbose(ParseResult parse) {
        for (ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
