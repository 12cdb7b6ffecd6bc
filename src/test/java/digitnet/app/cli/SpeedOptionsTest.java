package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void threadsOptionSizesTheKernelPool() {
        CommandLine cmd = Main.commandLine();
        cmd.parseArgs("train", "--threads", "3");
        assertThat(Parallel.shared().threads()).isEqualTo(3);
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
