package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The Python peers of {@code digitnet bench}: finds an interpreter with numpy / torch and runs the committed scripts. */
final class BenchPython {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchPython() {}

    /** The first of the candidate interpreters that can {@code import module}, or null. */
    static String interpreterWith(String module, List<String> candidates) {
        for (String python : candidates) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Writes the rows as the scripts read them: pixels.u8 (count x features bytes) and labels.u8. */
    static Path writeRows(Dataset rows) throws IOException {
        Path dir = Files.createTempDirectory("digitnet-bench");
        dir.toFile().deleteOnExit();
        Path px = dir.resolve("pixels.u8"), lb = dir.resolve("labels.u8");
        Files.write(px, rows.pixels());
        byte[] labels = new byte[rows.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) rows.labels()[i];
        }
        Files.write(lb, labels);
        px.toFile().deleteOnExit();
        lb.toFile().deleteOnExit();
        return dir;
    }

    /** Runs {@code python script args...} with extra environment variables; one JSON object per output line. */
    static List<JsonNode> run(String python, Path script, List<String> args, Map<String, String> env, OutputStream log)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            log.write(("bench: " + String.join(" ", cmd) + " failed (exit " + (p.isAlive() ? "timeout" : p.exitValue())
                    + ")\n").getBytes(StandardCharsets.UTF_8));
            p.destroy();
            return List.of();
        }
        List<JsonNode> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                results.add(JSON.readTree(line));
            }
        }
        return results;
    }
}
