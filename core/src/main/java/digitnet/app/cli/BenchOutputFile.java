package digitnet.app.cli;

import digitnet.model.AtomicFile;
import digitnet.model.OutputException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code digitnet bench --out FILE}: the run's whole output, after a header saying what ran where
 * (command line, date, java, CPU, git commit), written all or nothing ({@link AtomicFile}).
 */
final class BenchOutputFile {
    private BenchOutputFile() {}

    /** Writes to both writers: the console and the copy for the file. */
    static final class Tee extends Writer {
        private final Writer a, b;

        Tee(Writer a, Writer b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            flush();          // the console is not ours to close
        }
    }

    /** Creates the file's directory and checks that the file is not one, before the bench runs. */
    static void prepare(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new OutputException("cannot write " + file + ": it is a directory", null);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException("cannot write " + file + ": cannot create its directory " + dir, e);
        }
    }

    /**
     * The header and the output, to {@code file} via a temporary file renamed into place.
     *
     * @param started when the bench began
     * @param args the command line after "digitnet" (picocli's original arguments, "bench" first)
     */
    static void write(Path file, Instant started, List<String> args, String cpu, String output) {
        String text = header(started, args, cpu) + "\n" + output;
        AtomicFile.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String header(Instant started, List<String> args, String cpu) {
        List<String> quoted = new ArrayList<>();
        for (String a : args) {
            quoted.add(a.isEmpty() || a.matches(".*[^A-Za-z0-9_@%+=:,./-].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        StringBuilder s = new StringBuilder();
        s.append("digitnet bench, started ").append(started.truncatedTo(ChronoUnit.SECONDS)).append(", ended ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        s.append("command: digitnet ").append(String.join(" ", quoted)).append('\n');
        ProcessHandle.current().info().commandLine().ifPresent(c -> s.append("process: ").append(c).append('\n'));
        s.append("java: ").append(System.getProperty("java.version")).append(" (").append(System.getProperty("java.vm.name"))
                .append(", ").append(System.getProperty("java.vendor")).append(")\n");
        s.append("cpu: ").append(cpu).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores\n");
        s.append("git commit: ").append(gitCommit()).append('\n');
        s.append("directory: ").append(Path.of("").toAbsolutePath()).append('\n');
        return s.toString();
    }

    /** {@code git rev-parse HEAD} in the working directory, marked when tracked files are modified; "unknown" without git. */
    static String gitCommit() {
        String head = git("rev-parse", "HEAD");
        if (head == null || !head.matches("[0-9a-f]{40}")) {
            return "unknown";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return head + (status == null || status.isEmpty() ? "" : " (with uncommitted changes)");
    }

    private static String git(String... args) {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return text;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
