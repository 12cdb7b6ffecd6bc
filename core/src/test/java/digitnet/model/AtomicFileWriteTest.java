package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AtomicFile's outcomes a user sees: the file, its permissions, and nothing at all when the writer or the target is wrong. */
class AtomicFileWriteTest {
    @TempDir
    Path dir;

    private String[] listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void theFileIsWrittenWholeReadableByAllAndReplacesAnOldOne() throws IOException {
        Path out = dir.resolve("m.txt");
        Files.writeString(out, "old content, longer than the new one");
        byte[] big = new byte[200_000];                  // more than the 64 KiB buffer
        java.util.Arrays.fill(big, (byte) 'x');
        AtomicFile.write(out, s -> {
            s.write("new\n".getBytes(StandardCharsets.US_ASCII));
            s.write(big);
        });
        byte[] read = Files.readAllBytes(out);
        assertThat(read).hasSize(4 + big.length);
        assertThat(new String(read, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r--r--");
        assertThat(listing()).containsExactly("m.txt");
    }

    @Test
    void aWriterThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path out = dir.resolve("m.txt");
        Files.writeString(out, "old");
        assertThatThrownBy(() -> AtomicFile.write(out, s -> {
            s.write(new byte[100]);
            throw new IOException("the source went away");
        })).isInstanceOf(OutputException.class).hasMessage("cannot write " + out + ": the source went away");
        assertThat(Files.readString(out)).isEqualTo("old");
        assertThat(listing()).containsExactly("m.txt");
    }

    @Test
    void aMissingDirectoryOrADirectoryAsTargetIsRefusedBeforeWriting() throws IOException {
        Path missing = dir.resolve("no/such/m.txt");
        assertThatThrownBy(() -> AtomicFile.write(missing, s -> s.write(1))).isInstanceOf(OutputException.class)
                .hasMessageContaining("directory " + dir.resolve("no/such") + " does not exist");
        Files.createDirectory(dir.resolve("sub"));
        assertThatThrownBy(() -> AtomicFile.write(dir.resolve("sub"), s -> s.write(1))).isInstanceOf(OutputException.class)
                .hasMessageEndingWith("it is a directory");
        assertThat(listing()).containsExactly("sub");
        Path regular = dir.resolve("plain");
        Files.writeString(regular, "x");
        assertThatThrownBy(() -> AtomicFile.write(regular.resolve("m.txt"), s -> s.write(1)))
                .isInstanceOf(OutputException.class).hasMessageContaining("does not exist");
    }
}
