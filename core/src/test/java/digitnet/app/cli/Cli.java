package digitnet.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process with its output captured. */
final class Cli {
    private Cli() {}

    record Result(int code, String out, String err) {
        /** Non-empty lines on stderr. */
        long errLines() {
            return err.lines().filter(l -> !l.isBlank()).count();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
