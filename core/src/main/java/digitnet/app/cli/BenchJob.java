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

    /** Writes the rows as a Kaggle CSV (label,pixel0..pixel783) named {@code name} in {@code dir}. */
    static Path writeCsv(Dataset rows, Path dir, String name) throws IOException {
        Path csv = dir.resolve(name);
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
     * Runs digitnet and the notebook's code with each interpreter {@code repeats} times in turn
     * and prints each run, the medians and the ratios against the fastest notebook.
     *
     * @param pythons the interpreters with pandas and numpy (none: digitnet only)
     */
    static void report(PrintWriter out, Dataset sample, Path scripts, List<BenchPython.Interpreter> pythons, int repeats)
            throws Exception {
        Path dir = Files.createTempDirectory("digitnet-job");
        dir.toFile().deleteOnExit();
        Path csv = writeCsv(sample, dir, "train.csv");
        Path script = scripts.resolve("notebook_job.py");
        List<BenchPython.Interpreter> notebooks = Files.exists(script) ? pythons : List.of();
        List<String> digitnet = digitnetCommand(scripts, csv, dir.resolve("model.safetensors"));
        out.printf(Locale.ROOT, "%nthe notebook's whole job as one process (read %,d-row CSV, split, 500 iterations, save), "
                + "%s in turn%n  digitnet: %s%n", sample.count(), BenchPeers.plural(repeats, "run"), String.join(" ", digitnet));
        if (notebooks.isEmpty()) {
            out.println("  notebook: not run (no python with pandas and numpy, or no " + script + ")");
        }
        for (BenchPython.Interpreter python : notebooks) {
            out.printf(Locale.ROOT, "  notebook: %s %s (its pandas + numpy code in float64; pandas %s, numpy %s)%n",
                    python.command(), script, python.version("pandas"), python.version("numpy"));
        }
        out.flush();
        // untimed: a launcher that must first rebuild the jar or its class-data archive does it now
        time(List.of(digitnet.get(0), "--version"), "none");
        List<Run> ours = new ArrayList<>();
        List<List<Run>> theirs = new ArrayList<>();
        for (int j = 0; j < notebooks.size(); j++) {
            theirs.add(new ArrayList<>());
        }
        for (int i = 0; i < repeats; i++) {
            ours.add(time(digitnet, "trainSeconds"));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  run %d: digitnet %.2f s (loop %.2f s)",
                    i + 1, ours.get(i).wallSeconds(), ours.get(i).loopSeconds()));
            for (int j = 0; j < notebooks.size(); j++) {
                Run r = time(List.of(notebooks.get(j).command(), script.toString(), csv.toString(), "--model",
                        dir.resolve("model.npz").toString()), "loop_seconds");
                theirs.get(j).add(r);
                line.append(String.format(Locale.ROOT, ", notebook with %s %.2f s (loop %.2f s)", notebooks.get(j).command(),
                        r.wallSeconds(), r.loopSeconds()));
            }
            out.println(line);
            out.flush();
        }
        double ow = median(ours, true), ol = median(ours, false);
        out.printf(Locale.ROOT, "  %-44s %7.2f s whole process, %6.2f s %s%n", "digitnet (median)", ow, ol, DIGITNET_LOOP);
        int bestWall = -1, bestLoop = -1;
        double[] walls = new double[notebooks.size()], loops = new double[notebooks.size()];
        for (int j = 0; j < notebooks.size(); j++) {
            walls[j] = median(theirs.get(j), true);
            loops[j] = median(theirs.get(j), false);
            out.printf(Locale.ROOT, "  %-44s %7.2f s whole process, %6.2f s %s%n",
                    "notebook with " + notebooks.get(j).command() + " (median)", walls[j], loops[j], NOTEBOOK_LOOP);
            bestWall = !Double.isNaN(walls[j]) && (bestWall < 0 || walls[j] < walls[bestWall]) ? j : bestWall;
            bestLoop = !Double.isNaN(loops[j]) && (bestLoop < 0 || loops[j] < loops[bestLoop]) ? j : bestLoop;
        }
        out.printf(Locale.ROOT, "  loops: digitnet's is its trainSeconds, from its first training step to its last (JIT"
                + " compilation on those steps included; the kernel warm-up thread ran before them, while the CSV was"
                + " read); the notebook's is its first iteration to its last%n");
        if (bestWall >= 0 && bestLoop >= 0) {
            out.printf(Locale.ROOT, "  against the fastest notebook: %.2fx as a whole process (with %s), %.2fx in the loop"
                    + " (with %s); the notebook's own code: numpy float64 against digitnet's float32%n",
                    walls[bestWall] / ow, notebooks.get(bestWall).command(), loops[bestLoop] / ol,
                    notebooks.get(bestLoop).command());
        }
        out.flush();
    }

    /** What digitnet's loop figure measures: {@code trainSeconds}, after {@link KernelWarmUp}'s thread. */
    static final String DIGITNET_LOOP = "training loop (after the warm-up thread)";
    static final String NOTEBOOK_LOOP = "training loop";

    private static List<String> digitnetCommand(Path scripts, Path csv, Path model) {
        List<String> cmd = digitnetLauncher(scripts);
        cmd.addAll(List.of("train", "--data", csv.toString(), "--model", model.toString(), "--json", "--quiet"));
        return cmd;
    }

    /** The launcher beside the scripts directory when there is one, else this JVM's command and flags. */
    static List<String> digitnetLauncher(Path scripts) {
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
        return cmd;
    }

    /** Runs the command, timing it from start to exit; reads the loop seconds from the JSON line it prints. */
    static Run time(List<String> cmd, String loopField) throws IOException, InterruptedException {
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
