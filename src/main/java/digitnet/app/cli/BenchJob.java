package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The notebook's whole job as a user runs it, for {@code digitnet bench}: one process that reads
 * a Kaggle CSV, splits off 1,000 dev rows, trains 500 full-batch iterations and saves the model.
 * digitnet's side is {@code digitnet train --data CSV} (through the launcher when it is beside the
 * scripts, so its flags and class-data archive count); the reference is the notebook's own pandas
 * and numpy code as one process ({@code scripts/notebook_job.py}). The two run in turn, several
 * times, and each process is timed from its start to its exit.
 */
final class BenchJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchJob() {}

    /** One process: its wall time from start to exit and its training loop's seconds (NaN when it failed). */
    record Run(double wallSeconds, double loopSeconds) {}

    /** Writes the rows as a Kaggle CSV (label,pixel0..pixel783). */
    static Path writeCsv(Dataset rows, Path dir) throws IOException {
        Path csv = dir.resolve("train.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder("label");
            for (int j = 0; j < rows.features(); j++) {
                line.append(",pixel").append(j);
            }
            w.write(line.append('\n').toString());
            for (int i = 0; i < rows.count(); i++) {
                line.setLength(0);
                line.append(rows.labels()[i]);
                for (int j = 0; j < rows.features(); j++) {
                    line.append(',').append(rows.pixel(i, j));
                }
                w.write(line.append('\n').toString());
            }
        }
        csv.toFile().deleteOnExit();
        return csv;
    }

    /**
     * Runs both sides {@code repeats} times in turn and prints each run and the medians.
     *
     * @param python an interpreter with pandas and numpy, or null to run digitnet only
     */
    static void report(PrintWriter out, Dataset sample, Path scripts, String python, int repeats) throws Exception {
        Path dir = Files.createTempDirectory("digitnet-job");
        dir.toFile().deleteOnExit();
        Path csv = writeCsv(sample, dir);
        Path script = scripts.resolve("notebook_job.py");
        boolean withPython = python != null && Files.exists(script);
        List<String> digitnet = digitnetCommand(scripts, csv, dir.resolve("model.safetensors"));
        out.printf(Locale.ROOT, "%nthe notebook's whole job as one process (read %,d-row CSV, split, 500 iterations, save), "
                + "%d runs in turn%n  digitnet: %s%n", sample.count(), repeats, String.join(" ", digitnet));
        if (!withPython) {
            out.println("  notebook: not run (no python with pandas and numpy, or no " + script + ")");
        }
        out.flush();
        // untimed: a launcher that must first rebuild the jar or its class-data archive does it now
        time(List.of(digitnet.get(0), "--version"), "none");
        List<Run> ours = new ArrayList<>(), theirs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            ours.add(time(digitnet, "trainSeconds"));
            if (withPython) {
                theirs.add(time(List.of(python, script.toString(), csv.toString(), "--model",
                        dir.resolve("model.npz").toString()), "loop_seconds"));
            }
            out.printf(Locale.ROOT, "  run %d: digitnet %.2f s (loop %.2f s)%s%n", i + 1, ours.get(i).wallSeconds(),
                    ours.get(i).loopSeconds(), withPython ? String.format(Locale.ROOT, ", notebook %.2f s (loop %.2f s)",
                            theirs.get(i).wallSeconds(), theirs.get(i).loopSeconds()) : "");
            out.flush();
        }
        double ow = median(ours, true), ol = median(ours, false);
        out.printf(Locale.ROOT, "  %-30s %7.2f s whole process, %6.2f s training loop (warm-up included)%n",
                "digitnet (median)", ow, ol);
        if (withPython) {
            double tw = median(theirs, true), tl = median(theirs, false);
            out.printf(Locale.ROOT, "  %-30s %7.2f s whole process, %6.2f s training loop%n", "notebook (median)", tw, tl);
            out.printf(Locale.ROOT, "  digitnet is %.1fx faster as a whole process (target 5x), %.1fx in the loop (target 10x)%n",
                    tw / ow, tl / ol);
        }
        out.flush();
    }

    // the launcher beside the scripts directory when there is one, else this JVM's command and flags
    private static List<String> digitnetCommand(Path scripts, Path csv, Path model) {
        List<String> cmd = new ArrayList<>();
        Path launcher = scripts.toAbsolutePath().getParent() == null ? null
                : scripts.toAbsolutePath().getParent().resolve("digitnet");
        if (launcher != null && Files.isExecutable(launcher)) {
            cmd.add(launcher.toString());
        } else {
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        cmd.addAll(List.of("train", "--data", csv.toString(), "--model", model.toString(), "--json", "--quiet"));
        return cmd;
    }

    // runs the command, timing it from start to exit; reads the loop seconds from the JSON line it prints
    private static Run time(List<String> cmd, String loopField) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = p.waitFor(10, TimeUnit.MINUTES);
        double wall = (System.nanoTime() - t0) / 1e9;
        if (!ended || p.exitValue() != 0) {
            p.destroy();
            return new Run(Double.NaN, Double.NaN);
        }
        double loop = Double.NaN;
        int brace = text.indexOf('{');
        if (brace >= 0) {
            JsonNode node = JSON.readTree(text.substring(brace));
            loop = node.path(loopField).asDouble(Double.NaN);
        }
        return new Run(wall, loop);
    }

    private static double median(List<Run> runs, boolean wall) {
        List<Double> xs = new ArrayList<>();
        for (Run r : runs) {
            xs.add(wall ? r.wallSeconds() : r.loopSeconds());
        }
        return BenchDigitnet.median(xs);
    }
}
