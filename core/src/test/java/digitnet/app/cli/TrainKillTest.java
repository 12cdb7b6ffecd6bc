package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.ChildJava;
import digitnet.model.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code digitnet train} in a child JVM and kills it (SIGKILL) at seeded random moments:
 * every other run anywhere between its start and a little after a whole run takes, the others
 * within 40 ms of the moment the save of the 6.3 MB model created its temporary file. After every
 * kill the model path holds a model that loads: the one of an earlier run, intact, or the new one,
 * complete. Only hidden temporary files of killed saves may lie beside it, and at least one kill
 * must have left one (a kill that landed during a save), as in {@code AtomicFileKillTest}.
 */
class TrainKillTest {
    static final String TEMP = "\\.m\\.safetensors\\d+\\.tmp";

    @Test
    void aTrainingKilledAtAnyMomentLeavesTheOldModelOrTheCompleteNewOne(@TempDir Path out, @TempDir Path work)
            throws Exception {
        Path data = writeCsv(work.resolve("rows.csv"), 40, new Random(3));
        Path model = out.resolve("m.safetensors");
        long start = System.nanoTime();
        Process first = train(work, data, model, 0);
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("first run; stderr in %s", work).isZero();
        int runMillis = (int) ((System.nanoTime() - start) / 1_000_000);
        ModelFile.load(model);

        Random random = new Random(20261128);
        int rounds = 12, replaced = 0, midSave = 0;
        for (int round = 1; round <= rounds; round++) {
            byte[] before = Files.readAllBytes(model);
            Process p = train(work, data, model, round);
            if (round % 2 == 0) {
                Thread.sleep(random.nextInt(runMillis * 6 / 5 + 1));      // any moment of the run
            } else {
                awaitSaveOrExit(out, p);                                 // the save has begun
                Thread.sleep(random.nextInt(40));
            }
            ChildJava.kill(p);
            for (String name : names(out)) {
                assertThat(name).as("files beside the model after kill %d", round).matches("m\\.safetensors|" + TEMP);
                if (name.matches(TEMP)) {
                    midSave++;
                    Files.delete(out.resolve(name));   // so that the next round's leftovers are its own
                }
            }
            ModelFile.load(model);   // throws if truncated or corrupt
            replaced += Arrays.equals(before, Files.readAllBytes(model)) ? 0 : 1;
        }
        System.out.printf("TrainKillTest: runs of %d ms killed %d times; the new model was complete %d times, "
                + "the old one intact %d times; %d kills interrupted a save%n",
                runMillis, rounds, replaced, rounds - replaced, midSave);
        assertThat(midSave).as("kills that interrupted a save (else this test proves nothing about saves)")
                .isPositive();
    }

    /** Polls until a temporary file of the save appears beside the model, or the child ends. */
    static void awaitSaveOrExit(Path dir, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (names(dir).stream().anyMatch(n -> n.matches(TEMP))) {
                return;
            }
            Thread.sleep(1);
        }
    }

    /** {@code digitnet train} with a 784-2000-10 network (a 6.3 MB model) for 1 iteration. */
    static Process train(Path work, Path data, Path model, int seed) throws IOException {
        return ChildJava.start(work.resolve("stderr-" + seed + ".txt"), "digitnet.app.cli.Main", "train",
                "--data", data.toString(), "--dev", "0", "--iterations", "1", "--hidden", "2000",
                "--seed", Integer.toString(seed), "--model", model.toString());
    }

    static Path writeCsv(Path file, int rows, Random random) throws IOException {
        StringBuilder b = new StringBuilder("label");
        for (int j = 0; j < 784; j++) {
            b.append(",pixel").append(j);
        }
        b.append('\n');
        for (int i = 0; i < rows; i++) {
            b.append(i % 10);
            for (int j = 0; j < 784; j++) {
                b.append(',').append(random.nextInt(256));
            }
            b.append('\n');
        }
        return Files.writeString(file, b);
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
