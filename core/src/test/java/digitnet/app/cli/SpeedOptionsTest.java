package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.tensor.KernelChoice;
import digitnet.tensor.Parallel;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SpeedOptionsTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** Parsing only records --threads; the pool is replaced once, after parsing, when the command runs. */
    @Test
    void threadsOptionSizesTheKernelPoolAfterParsing() {
        int before = Parallel.shared().threads();
        int wanted = before == 3 ? 2 : 3;
        CommandLine cmd = Main.commandLine().setOut(new PrintWriter(new StringWriter()));
        cmd.parseArgs("train", "--threads", Integer.toString(wanted));
        assertThat(Parallel.shared().threads()).isEqualTo(before);
        Parallel pool = Parallel.shared();
        assertThat(cmd.execute("train", "--threads", Integer.toString(wanted), "--help")).isZero();
        assertThat(Parallel.shared().threads()).isEqualTo(wanted);
        assertThat(Parallel.shared()).isNotSameAs(pool);
    }

    /**
     * The kernels are chosen once per JVM (buffers are padded for them): asking for the ones in use
     * works, asking for the others once they have run is a usage error, not a silently ignored option.
     */
    @Test
    void kernelsOptionIsAppliedOrRefusedNeverIgnored() {
        digitnet.tensor.MatMul.multiply(new digitnet.tensor.Tensor(1, 1), new digitnet.tensor.Tensor(1, 1),
                new digitnet.tensor.Tensor(1, 1));
        String active = KernelChoice.activeKind();
        String other = active.equals("vector") ? "scalar" : "vector";
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()));
        assertThat(cmd.execute("train", "--kernels", active, "--help")).isZero();
        assertThat(cmd.execute("train", "--kernels", other, "--help")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--kernels " + other + ": the " + active + " kernels were chosen already");
    }

    @Test
    void badThreadCountsAndKernelNamesAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine().setErr(new PrintWriter(err));
        assertThat(cmd.execute("train", "--threads", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cmd.execute("train", "--kernels", "gpu")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--threads must be 1..1024").contains("--kernels must be vector or scalar");
    }
}
