package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.ChildJava;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small .gz that decompresses to more data than the heap holds (found by auditing the readers:
 * a 1.9 MB CSV.gz crashed {@code train} with an OutOfMemoryError and a stack trace). Run in a
 * child JVM with a 64 MB heap: exit code 3 and one line naming the file and the place.
 */
class MemoryBombTest {

    static GZIPOutputStream gzip(Path file) throws IOException {
        return new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    static String train(Path work, Path data) throws Exception {
        Path stderr = work.resolve("stderr.txt");
        Process p = ChildJava.startWithHeap(stderr, "64m", "digitnet.app.cli.Main", "train", "--data", data.toString(),
                "--iterations", "1", "--model", work.resolve("m.safetensors").toString());
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(stderr).strip();
        assertThat(p.exitValue()).as(err).isEqualTo(3);
        assertThat(err.lines()).hasSize(1);
        assertThat(work.resolve("m.safetensors")).doesNotExist();
        return err;
    }

    @Test
    void aCsvGzBiggerThanTheHeapIsBadInputNotACrash(@TempDir Path work) throws Exception {
        Path data = work.resolve("bomb.csv.gz");
        StringBuilder header = new StringBuilder("label");
        for (int j = 0; j < 784; j++) {
            header.append(",pixel").append(j);
        }
        byte[] row = ("7" + ",0".repeat(784) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = gzip(data)) {
            out.write((header + "\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 120_000; i++) {
                out.write(row);   // 94 million pixels
            }
        }
        assertThat(train(work, data)).matches("digitnet train: error: " + Pattern.quote(data.toString())
                + ":\\d+:1: the rows up to here \\(\\d+ bytes of text\\) do not fit in memory \\(a Java heap of \\d+ MB\\)");
    }

    @Test
    void anIdxGzBiggerThanTheHeapIsBadInputNotACrash(@TempDir Path work) throws Exception {
        Path data = work.resolve("bomb-images-idx3-ubyte.gz");
        int count = 120_000;
        byte[] zeros = new byte[784 * 1000];
        try (OutputStream out = gzip(data)) {
            out.write(ByteBuffer.allocate(16).putInt(0x803).putInt(count).putInt(28).putInt(28).array());
            for (int i = 0; i < count / 1000; i++) {
                out.write(zeros);   // 94 million pixels
            }
        }
        assertThat(train(work, data)).matches("digitnet train: error: " + Pattern.quote(data.toString())
                + ": byte \\d+: 120000 images \\(94080000 bytes\\) do not fit in memory \\(a Java heap of \\d+ MB\\)");
    }
}
