package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.Fixtures;
import digitnet.testing.ReadOnlyDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} into a directory it cannot write: one clear line, exit code 4, nothing left behind. */
class OutputFaultTest {

    @Test
    void trainIntoAReadOnlyDirectoryExitsWithFourAndLeavesNothing(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.safetensors");
        Cli.Result r;
        try (ReadOnlyDir ro = ReadOnlyDir.of(dir)) {
            r = Cli.run("train", "--data", Fixtures.fixture("csv/good-8x8.csv").toString(), "--dev", "0",
                    "--iterations", "3", "--model", model.toString());
        }
        assertThat(r.code()).as(r.err()).isEqualTo(4);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err().strip()).isIn("digitnet train: error: cannot write " + model + ": permission denied",
                "digitnet train: error: cannot write " + model + ": Operation not permitted");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
