package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.testing.ReadOnlyDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails (disk full, read-only directory) names the file, keeps the old one, leaves nothing. */
class AtomicFileFailureTest {

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void write(Path target, String text) {
        AtomicFile.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDiskFullMidWriteKeepsTheOldFileAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("model.safetensors");
        write(target, "old");
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
            out.write(new byte[200_000]);
            throw new IOException("No space left on device");
        })).isInstanceOf(OutputException.class)
                .hasMessage("cannot write " + target + ": No space left on device");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(names(dir)).containsExactly("model.safetensors");
    }

    @Test
    void aDiskFullOnAFirstWriteCreatesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("submission.csv");
        assertThatThrownBy(() -> AtomicFile.write(target, out -> {
            out.write(new byte[10]);
            throw new IOException("No space left on device");
        })).isInstanceOf(OutputException.class).hasMessageContaining("No space left on device");
        assertThat(names(dir)).isEmpty();
    }

    @Test
    void aReadOnlyDirectoryGivesAClearErrorAndKeepsTheOldFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.safetensors");
        write(target, "old");
        try (ReadOnlyDir ro = ReadOnlyDir.of(dir)) {
            assertThatThrownBy(() -> write(target, "new"))
                    .isInstanceOf(OutputException.class)
                    .message().isIn("cannot write " + target + ": permission denied",
                            "cannot write " + target + ": Operation not permitted");
        }
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(names(dir)).containsExactly("model.safetensors");
    }

    @Test
    void theNextWriteRemovesStaleTemporaryFilesOfKilledWritersOnly(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.safetensors");
        Path stale = Files.writeString(dir.resolve(".m.safetensors123456.tmp"), "half");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(AtomicFile.STALE_TEMP).minusSeconds(5)));
        Path live = Files.writeString(dir.resolve(".m.safetensors987654.tmp"), "being written");
        Path otherTarget = Files.writeString(dir.resolve(".other.csv123.tmp"), "x");
        Files.setLastModifiedTime(otherTarget, FileTime.from(Instant.now().minusSeconds(3600)));
        write(target, "new");
        assertThat(stale).doesNotExist();
        assertThat(live).exists();
        assertThat(otherTarget).exists();
        assertThat(Files.readString(target)).isEqualTo("new");
    }
}
