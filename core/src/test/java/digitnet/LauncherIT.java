package digitnet;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.ProjectCopy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a user meets it on a fresh clone: {@code ./digitnet} in a copy of the project
 * with no core/target/ builds the jar (saying so in one line, showing none of Maven's output or colour
 * codes), then trains; no run prints the JVM's incubator-module warning; {@code --max-seconds} holds the
 * whole process to its budget; bad input gives one line and exit code 3 through the launcher too. Runs after {@code package}, in {@code mvn verify}.
 */
class LauncherIT {
    private static final String INCUBATOR_WARNING = "WARNING: Using incubator modules";
    private final Path projectDir = Path.of(System.getProperty("digitnet.project.dir"));

    record Run(int code, String out, String err) {}

    @Test
    void aFreshCopyBuildsQuietlyTrainsAndRefusesBadInputWithOneLine(@TempDir Path tmp) throws Exception {
        Path copy = tmp.resolve("digitnet");
        ProjectCopy.make(projectDir, copy, "digitnet");

        Run first = launch(copy, "--version");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("digitnet");
        assertThat(copy.resolve("core/target/digitnet.jar")).exists();
        assertThat(first.err()).as("the build says one line and shows no Maven output")
                .contains("digitnet: building core/target/digitnet.jar").doesNotContain("[INFO]", "[WARNING]", "BUILD");
        assertClean(first.err());

        Path model = tmp.resolve("m.safetensors");
        Run train = launch(copy, "train", "--iterations", "30", "--model", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("dev accuracy", "model saved to");
        assertThat(model).exists();
        assertClean(train.err());
        assertThat(train.err().lines().filter(l -> !l.isBlank() && !l.startsWith("digitnet: making the JVM's class-data")))
                .as("a training run prints nothing else on stderr").isEmpty();

        Path scored = digitnet.testing.Fixtures.writeCsv(digitnet.testing.Fixtures.sample(200), tmp.resolve("scored.csv"), true);
        Run withTest = launch(copy, "train", "--iterations", "30", "--model", model.toString(), "--test-data", scored.toString());
        assertThat(withTest.code()).as(withTest.err()).isZero();
        assertThat(withTest.out()).contains("test data " + scored + ": accuracy", "model saved to");

        // --max-seconds is the whole command: the JVM's start, reading, the cnn's speed probe, scoring and saving
        long began = System.nanoTime();
        Run budget = launch(copy, "train", "--preset", "cnn", "--max-seconds", "6", "--model", model.toString(),
                "--test-data", scored.toString());
        double wall = (System.nanoTime() - began) / 1e9;
        assertThat(budget.code()).as(budget.err()).isZero();
        java.util.regex.Matcher done = java.util.regex.Pattern
                .compile("in ([0-9.]+) s \\(training loop\\), ([0-9.]+) s in all; ended at the time budget").matcher(budget.out());
        assertThat(done.find()).as(budget.out()).isTrue();
        double loop = Double.parseDouble(done.group(1)), all = Double.parseDouble(done.group(2));
        assertThat(all).as("the command's own count, from its process's start").isLessThanOrEqualTo(6.3)
                .isGreaterThan(loop + 0.5).isLessThanOrEqualTo(wall);
        assertThat(wall).as("the launcher's whole process, as the user waits for it").isLessThan(7.5);

        Run bad = launch(copy, "train", "--data", tmp.resolve("missing.csv").toString());
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.err().lines().filter(l -> !l.isBlank())).as(bad.err()).hasSize(1)
                .allMatch(l -> l.contains("missing.csv"));
        assertClean(bad.err());
    }

    private static void assertClean(String stderr) {
        assertThat(stderr).as("no JVM warning a user cannot act on").doesNotContain(INCUBATOR_WARNING);
        assertThat(stderr).as("no terminal escape codes").doesNotContain("\u001b");
    }

    private static Run launch(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(dir.resolve("digitnet").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir.getParent(), "out", ".txt"), err = Files.createTempFile(dir.getParent(), "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        boolean done = p.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("%s ended within 8 minutes", cmd).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
