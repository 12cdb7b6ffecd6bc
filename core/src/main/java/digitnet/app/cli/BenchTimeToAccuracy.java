package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Time to accuracy, for {@code digitnet bench --time-to-accuracy}: digitnet's preset under a time
 * budget against the fast PyTorch recipe ({@code scripts/fast_recipe.py}), each as the whole
 * processes a user runs, on the same training rows, scored on the same untouched test rows.
 *
 * <p>The rows: the data set shuffled with seed 0, its first {@code testRows} set aside as the test
 * rows, the next {@code trainRows} the training rows; both are written as Kaggle CSVs that both
 * sides read. digitnet's side is {@code digitnet train --data TRAIN --preset P --max-seconds B
 * --dev 0 --seed S --test-data TEST} for each of the given budgets B (no dev rows: both sides train on every
 * training row), which scores the
 * test rows after training in the same process, as the recipe's one process does; its seconds are that
 * process's wall time. The recipe trains for each of the given epoch counts, with every
 * PyTorch interpreter given, at 1 and 2 threads; its seconds are its one process's wall time.
 */
final class BenchTimeToAccuracy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchTimeToAccuracy() {}

    /** One run: the test rows' accuracy and the whole processes' wall seconds (NaN when it failed). */
    record Run(double accuracy, double seconds) {
        static final Run FAILED = new Run(Double.NaN, Double.NaN);
    }

    /**
     * What to run: the preset and its budgets, the seeds, the recipe's epoch counts, the rows, and whether digitnet scores
     * the test rows with test-time views ({@code train --test-views}).
     */
    record Plan(String preset, List<Double> budgets, List<Long> seeds, List<Integer> recipeEpochs, int trainRows,
                int testRows, boolean testViews) {}

    /** The untouched test rows and the training rows of {@code all}, cut after a shuffle with seed 0. */
    static Dataset[] cut(Dataset all, int trainRows, int testRows) {
        if (testRows < 1 || trainRows < 1 || testRows + trainRows > all.count()) {
            throw new UsageException(String.format(Locale.ROOT, "--tta-rows %d,%d: the data has %,d rows", trainRows,
                    testRows, all.count()));
        }
        int[] order = Dataset.permutation(all.count(), new Random(0));
        int[] test = java.util.Arrays.copyOfRange(order, 0, testRows);
        int[] train = java.util.Arrays.copyOfRange(order, testRows, testRows + trainRows);
        return new Dataset[] {all.subset(train, "training rows"), all.subset(test, "test rows")};
    }

    static void report(PrintWriter out, Dataset all, String dataName, Path scripts, List<BenchPython.Interpreter> pythons,
                       Plan plan) throws Exception {
        Dataset[] rows = cut(all, plan.trainRows(), plan.testRows());
        Path dir = Files.createTempDirectory("digitnet-tta");
        dir.toFile().deleteOnExit();
        Path train = BenchJob.writeCsv(rows[0], dir, "train.csv"), test = BenchJob.writeCsv(rows[1], dir, "test.csv");
        Path model = dir.resolve("model.safetensors");
        model.toFile().deleteOnExit();
        Path recipe = scripts.resolve("fast_recipe.py");
        List<BenchPython.Interpreter> torches = Files.exists(recipe) ? pythons.stream().filter(p -> p.has("torch")).toList()
                : List.of();
        List<String> digitnet = BenchJob.digitnetLauncher(scripts);
        out.printf(Locale.ROOT, "%ntime to accuracy: train on %,d rows, score %,d untouched rows of %s (cut after a shuffle"
                + " with seed 0); seconds are whole processes, seeds %s%n", plan.trainRows(), plan.testRows(), dataName,
                String.join(", ", plan.seeds().stream().map(String::valueOf).toList()));
        out.printf(Locale.ROOT, "  digitnet: %s train --data TRAIN.csv --preset %s --max-seconds %s --dev %d --seed S"
                + " --test-data TEST.csv%s%s%n", digitnet.get(digitnet.size() - 1).equals(Main.class.getName())
                ? "java ... " + Main.class.getName() : digitnet.get(0), plan.preset(),
                plan.budgets().size() == 1 ? fmt(plan.budgets().get(0)) : "B", 0, plan.testViews() ? " --test-views" : "",
                plan.budgets().size() == 1 ? ""
                        : ", B = " + String.join(", ", plan.budgets().stream().map(BenchTimeToAccuracy::fmt).toList()));
        out.printf(Locale.ROOT, "  recipe: scripts/fast_recipe.py TRAIN.csv TEST.csv --epochs N --seed S --threads T, with %s%n",
                torches.isEmpty() ? "no python" : String.join(", ", torches.stream().map(BenchPython.Interpreter::command).toList()));
        if (torches.isEmpty()) {
            out.println("  recipe: not run (no python with torch, or no " + recipe + ")");
        }
        out.flush();
        List<String> version = new ArrayList<>(digitnet);
        version.add("--version");
        BenchJob.time(version, "none");      // untimed: a launcher that must rebuild its jar or archive does it now
        Map<String, List<Run>> results = new LinkedHashMap<>();
        for (long seed : plan.seeds()) {
            for (double budget : plan.budgets()) {
                List<String> trainCmd = new ArrayList<>(digitnet);
                trainCmd.addAll(List.of("train", "--data", train.toString(), "--preset", plan.preset(), "--max-seconds",
                        fmt(budget), "--dev", "0", "--seed", Long.toString(seed), "--test-data", test.toString(),
                        "--model", model.toString(), "--json", "--quiet"));
                if (plan.testViews()) {
                    trainCmd.add("--test-views");
                }
                Run ours = digitnetRun(trainCmd, plan.testViews(), out);
                String label = String.format(Locale.ROOT, "digitnet --preset %s --max-seconds %s%s", plan.preset(), fmt(budget),
                        plan.testViews() ? " --test-views" : "");
                results.computeIfAbsent(label, k -> new ArrayList<>()).add(ours);
                out.printf(Locale.ROOT, "  seed %d: %-56s accuracy %.4f in %6.2f s%n", seed, label, ours.accuracy(),
                        ours.seconds());
                out.flush();
            }
            for (BenchPython.Interpreter python : torches) {
                for (int threads : new int[] {1, 2}) {
                    for (int epochs : plan.recipeEpochs()) {
                        Run theirs = recipeRun(python, recipe, train, test, epochs, seed, threads, out);
                        String who = String.format(Locale.ROOT, "recipe, pytorch %s, %s, %d epochs", python.version("torch"),
                                BenchPeers.plural(threads, "thread"), epochs);
                        results.computeIfAbsent(who, k -> new ArrayList<>()).add(theirs);
                        out.printf(Locale.ROOT, "  seed %d: %-56s accuracy %.4f in %6.2f s%n", seed, who, theirs.accuracy(),
                                theirs.seconds());
                        out.flush();
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "  %-64s %15s %12s%n", "median over the seeds", "test accuracy", "seconds");
        for (Map.Entry<String, List<Run>> e : results.entrySet()) {
            out.printf(Locale.ROOT, "  %-64s %15.4f %10.2f s%n", e.getKey(), median(e.getValue(), true),
                    median(e.getValue(), false));
        }
        out.flush();
    }

    // the run's accuracy on the untouched rows, failed when its output does not say they were scored as asked
    private static Run digitnetRun(List<String> trainCmd, boolean testViews, PrintWriter out)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        JsonNode trained = jsonOf(trainCmd, Map.of(), out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        JsonNode untouched = trained == null ? null : trained.path("untouchedTest");
        if (untouched == null || untouched.path("testViews").asBoolean(!testViews) != testViews) {
            if (trained != null) {
                out.println("  (digitnet's output does not say its test rows were scored " + (testViews ? "with" : "without")
                        + " test-time views)");
            }
            return Run.FAILED;
        }
        return new Run(untouched.path("accuracy").asDouble(Double.NaN), seconds);
    }

    private static Run recipeRun(BenchPython.Interpreter python, Path recipe, Path train, Path test, int epochs, long seed,
                                 int threads, PrintWriter out) throws IOException, InterruptedException {
        List<String> cmd = List.of(python.command(), recipe.toString(), train.toString(), test.toString(), "--epochs",
                Integer.toString(epochs), "--seed", Long.toString(seed), "--threads", Integer.toString(threads));
        String t = Integer.toString(threads);
        long t0 = System.nanoTime();
        JsonNode r = jsonOf(cmd, Map.of("OPENBLAS_NUM_THREADS", t, "OMP_NUM_THREADS", t, "MKL_NUM_THREADS", t), out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return r == null ? Run.FAILED : new Run(r.path("accuracy").asDouble(Double.NaN), seconds);
    }

    // runs the command; the first JSON object it prints on stdout, or null (and its last error line printed) when it fails
    private static JsonNode jsonOf(List<String> cmd, Map<String, String> env, PrintWriter out)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile("digitnet-tta", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean ended = p.waitFor(30, TimeUnit.MINUTES);
            int brace = text.indexOf('{');
            if (!ended || p.exitValue() != 0 || brace < 0) {
                p.destroy();
                String last = Files.readAllLines(err).stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
                out.println("  bench: " + shortly(cmd) + " failed (" + (ended ? "exit " + p.exitValue() : "timeout")
                        + "): " + last);
                return null;
            }
            return JSON.readTree(text.substring(brace));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    // the command without the JVM's flags and class path
    private static String shortly(List<String> cmd) {
        int main = cmd.indexOf(Main.class.getName());
        return String.join(" ", main < 0 ? cmd : cmd.subList(main, cmd.size()));
    }

    private static double median(List<Run> runs, boolean accuracy) {
        List<Double> xs = new ArrayList<>();
        for (Run r : runs) {
            xs.add(accuracy ? r.accuracy() : r.seconds());
        }
        return BenchDigitnet.median(xs);
    }

    private static String fmt(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }
}
