package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.ChildJava;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process writing a large file through {@link AtomicFile} at seeded random
 * moments, and checks what is left: the file of an earlier write, complete, or the complete new
 * one, and besides it only the hidden temporary files of killed writes.
 */
class AtomicFileKillTest {
    static final int MEGABYTES = 24;
    static final String TEMP = "\\.big\\.bin\\d+\\.tmp";

    @Test
    void aWriterKilledAtRandomMomentsLeavesTheOldFileOrTheCompleteNewOne(@TempDir Path dir, @TempDir Path logs)
            throws Exception {
        Path target = dir.resolve("big.bin");
        Random random = new Random(20261128);
        int killedMidWrite = 0;
        for (int round = 0; round < 8; round++) {
            boolean existed = Files.exists(target);
            Path stderr = logs.resolve("stderr-" + round + ".txt");
            Process p = ChildJava.start(stderr, AtomicWriteLoop.class.getName(), target.toString(),
                    Integer.toString(MEGABYTES));
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int writes = 1 + random.nextInt(3);
            for (int g = 1; g <= writes; g++) {
                assertThat(out.readLine()).as("child output; its stderr: %s", stderr).isEqualTo("writing " + g);
            }
            Thread.sleep(random.nextInt(60));
            ChildJava.kill(p);

            boolean temp = false;
            for (String name : AtomicFileFailureTest.names(dir)) {
                assertThat(name).as("files left after kill %d", round).matches("big\\.bin|" + TEMP);
                temp |= name.matches(TEMP);
            }
            if (existed) {
                assertThat(target).as("the earlier file survives kill %d", round).exists();
            }
            if (Files.exists(target)) {
                assertComplete(target);
            }
            killedMidWrite += temp ? 1 : 0;
            for (String name : AtomicFileFailureTest.names(dir)) {
                if (name.matches(TEMP)) {
                    Files.delete(dir.resolve(name));   // so that the next round's leftovers are its own
                }
            }
        }
        System.out.printf("AtomicFileKillTest: %d of 8 kills interrupted a write%n", killedMidWrite);
        assertThat(killedMidWrite).as("rounds whose kill interrupted a write (else this test proves nothing)")
                .isPositive();
    }

    /** Every byte of a complete file is its generation number g > 0, and there are MEGABYTES of them. */
    static void assertComplete(Path file) throws IOException {
        assertThat(Files.size(file)).isEqualTo((long) MEGABYTES << 20);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int first = -1;
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (first < 0) {
                        first = buf[i];
                        assertThat(first).isPositive();
                    }
                    if (buf[i] != first) {
                        throw new AssertionError(file + " mixes generations " + first + " and " + buf[i]);
                    }
                }
            }
        }
    }
}
