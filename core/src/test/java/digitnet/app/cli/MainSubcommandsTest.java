package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the subcommand it names; help, unknown verbs and global options see them all. */
class MainSubcommandsTest {
    private static final String[] ALL = {"train", "evaluate", "predict", "show", "report", "serve", "bench", "download",
            "export", "help"};

    @Test
    void aNamedVerbBuildsThatSubcommandOnly() {
        assertThat(Main.commandLine("train").getSubcommands()).containsOnlyKeys("train");
        assertThat(Main.commandLine("export").getSubcommands()).containsOnlyKeys("export");
    }

    @Test
    void anythingElseBuildsEverySubcommandInHelpOrder() {
        for (String first : new String[] {null, "help", "--help", "--version", "trian"}) {
            assertThat(Main.commandLine(first).getSubcommands().keySet()).as(String.valueOf(first)).containsExactly(ALL);
        }
    }

    @Test
    void aMisspelledVerbIsStillAUsageError() {
        assertThat(run(Main.commandLine("trian"), "trian")).startsWith("2 ").contains("'trian'");
    }

    @Test
    void theOneSubcommandAnswersAsTheFullTreeDoes() {
        for (String[] args : new String[][] {{"train", "--hidden", "0"}, {"train", "--no-such-flag"}, {"export", "--help"},
                {"train", "--threads", "0"}}) {
            String one = run(Main.commandLine(args[0]), args), all = run(Main.commandLine(), args);
            assertThat(one).as(String.join(" ", args)).isEqualTo(all).doesNotContain("\tat ");
        }
    }

    // "exit code stdout stderr" of one execution
    private static String run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = cmd.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return code + " " + out + err;
    }
}
