package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.InvalidSettingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** Only usage errors are exit 2: an unexpected IllegalArgumentException (a shape bug) is a bug, exit 70. */
class ErrorsTest {

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        static RuntimeException toThrow;

        @Option(names = "--verbose") boolean verbose;

        @Override
        public Integer call() {
            throw toThrow;
        }
    }

    record Outcome(int code, String err) {}

    static Outcome run(RuntimeException e, String... args) {
        Probe.toThrow = e;
        Errors errors = new Errors();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Probe()).setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors).setErr(new PrintWriter(err, true));
        return new Outcome(cmd.execute(args), err.toString());
    }

    @Test
    void anInternalIllegalArgumentExceptionIsABug() {
        Outcome o = run(new IllegalArgumentException("batch has 783 columns, images have 784 pixels"));
        assertThat(o.code()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(o.err().lines()).hasSize(1);
        assertThat(o.err()).contains("internal error").contains("783 columns").contains("--verbose");
    }

    @Test
    void theStackTraceComesWithVerboseOnly() {
        Outcome o = run(new IllegalArgumentException("shape"), "--verbose");
        assertThat(o.code()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(o.err()).contains("at digitnet.app.cli.ErrorsTest");
    }

    @Test
    void aLibrarySettingIsNamedByItsFlag() {
        Outcome o = run(new InvalidSettingException("Schedule.Cosine", "warmupEpochs", "must be >= 0 epochs, got -1.0"));
        assertThat(o.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(o.err()).contains("--warmup must be >= 0 epochs, got -1.0").doesNotContain("warmupEpochs");
    }

    @Test
    void theCommandLinesOwnErrorsAreUsageErrors() {
        assertThat(run(new UsageException("--labels needs --data")).code()).isEqualTo(ExitCodes.USAGE);
    }

    /** Every flag of the table is an option of some command (a renamed option cannot leave the table stale). */
    @Test
    void everyFlagInTheTableExists() {
        CommandLine main = Main.commandLine();
        for (String flag : SettingFlags.FLAGS.values()) {
            boolean found = main.getSubcommands().values().stream()
                    .anyMatch(c -> c.getCommandSpec().findOption(flag) != null);
            assertThat(found).as(flag).isTrue();
        }
    }
}
