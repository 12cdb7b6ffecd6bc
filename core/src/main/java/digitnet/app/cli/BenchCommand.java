package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.tensor.FmaPeak;
import digitnet.tensor.MatMul;
import digitnet.tensor.Parallel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digitnet bench}: the notebook's numpy code, PyTorch and digitnet, back to back on the
 * same rows (the embedded sample, repeated where more rows are needed), with the ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time digitnet against the notebook's numpy code and PyTorch on the same data.",
            "Peers: every Python interpreter given (--python, or $DIGITNET_BENCH_PYTHON) that has numpy runs "
                + "scripts/bench_numpy.py, and every one with torch scripts/bench_torch.py; each figure is compared "
                + "with the fastest peer line of the same precision."})
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "Time spent on each full-batch and inference measurement, per peer. Default: ${DEFAULT-VALUE}.")
    double seconds;

    /** Timed epochs of the mini-batch workloads: the first (cold) and at least 3 for the steady-state median. */
    static final int MIN_EPOCHS = 4;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "4",
            description = "Timed epochs of the mini-batch workloads, on both sides, after the same untimed warm-up: "
                + "the first is reported as cold, the median of the others as steady; at least " + MIN_EPOCHS
                + " (fewer is raised to " + MIN_EPOCHS + "). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--learning-rate", paramLabel = "RATE", defaultValue = "0.1",
            description = "SGD learning rate of the mini-batch workload, on both sides. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--convnet-fraction", paramLabel = "F", defaultValue = "1",
            description = {"Part of the 60,000-image epoch the convnet workload trains and times, on both sides;",
                "below 1 the time is scaled to a full epoch (and the output says so); 0 skips it. Default: ${DEFAULT-VALUE}."})
    double convnetFraction;

    @Option(names = "--convnet-only", description = "Run only the convnet workload (and its PyTorch peer).")
    boolean convnetOnly;

    @Option(names = "--time-to-accuracy",
            description = {"Run only the time-to-accuracy workload: digitnet's preset under --tta-budget against the fast",
                "PyTorch recipe (scripts/fast_recipe.py: 1 and 2 threads, each PyTorch given, --tta-epochs), each as whole",
                "processes, trained on the same rows and scored on the same untouched rows."})
    boolean timeToAccuracy;

    @Option(names = "--tta-data", paramLabel = "FILE",
            description = "Labelled Kaggle CSV or IDX images for --time-to-accuracy. Default: the embedded sample.")
    Path ttaData;

    @Option(names = "--tta-rows", paramLabel = "TRAIN,TEST", split = ",", defaultValue = "8000,2000",
            description = "Training rows and untouched test rows for --time-to-accuracy. Default: ${DEFAULT-VALUE}.")
    List<Integer> ttaRows;

    @Option(names = "--tta-preset", paramLabel = "NAME", defaultValue = "cnn",
            description = "digitnet's preset for --time-to-accuracy. Default: ${DEFAULT-VALUE}.")
    String ttaPreset;

    @Option(names = "--tta-budget", paramLabel = "S", split = ",", defaultValue = "20",
            description = "digitnet's --max-seconds for --time-to-accuracy, each run (e.g. 10,20: how accuracy grows"
                    + " with time). Default: ${DEFAULT-VALUE}.")
    List<Double> ttaBudgets;

    @Option(names = "--tta-seeds", paramLabel = "S", split = ",", defaultValue = "1,2,3",
            description = "Seeds of both sides for --time-to-accuracy. Default: ${DEFAULT-VALUE}.")
    List<Long> ttaSeeds;

    @Option(names = "--tta-epochs", paramLabel = "N", split = ",", defaultValue = "10,20",
            description = "Epochs of the PyTorch recipe for --time-to-accuracy, each run. Default: ${DEFAULT-VALUE}.")
    List<Integer> ttaEpochs;

    @Option(names = "--tta-test-views",
            description = "digitnet's side of --time-to-accuracy scores the untouched rows with test-time views "
                    + "(train --test-views), inside its budget.")
    boolean ttaTestViews;

    @Option(names = "--job-runs", paramLabel = "N", defaultValue = "3",
            description = "Whole-process runs of the notebook's job on each side, in turn; 0 skips them. Default: ${DEFAULT-VALUE}.")
    int jobRuns;

    @Option(names = "--no-python", description = "Run digitnet only.")
    boolean noPython;

    @Option(names = "--python", paramLabel = "EXE", split = ",",
            description = "Python interpreters to try, comma-separated: each one runs, and each figure keeps the fastest. "
                + "Default: $" + BenchPython.ENV + " (comma-separated) when set, else python3,/usr/bin/python3.")
    List<String> pythons;

    @Option(names = "--scripts", paramLabel = "DIR",
            description = "Where bench_numpy.py and bench_torch.py are. Default: scripts/ of the checkout.")
    Path scripts;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also write the whole output to FILE (e.g. bench/results/bench-YYYY-MM-DD.txt; its directory is "
                + "created), after the command line, java version, CPU, git commit and date; written when the bench ends.")
    Path outFile;

    @Option(names = "--memory-probe", hidden = true,
            description = "Internal: train one mini-batch epoch on 60,000 images and print the peak resident memory.")
    boolean memoryProbe;

    @Mixin SpeedOptions speed;
    @Mixin CommonOptions common;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1 || jobRuns < 0 || !(seconds > 0) || !(convnetFraction >= 0 && convnetFraction <= 1)
                || (convnetOnly && convnetFraction == 0)) {
            throw new UsageException("--epochs must be >= 1, --job-runs >= 0, --seconds > 0 and --convnet-fraction in [0, 1]"
                    + " (above 0 with --convnet-only)");
        }
        Instant started = Instant.now();
        StringWriter copy = outFile == null ? null : new StringWriter();
        if (outFile != null) {
            BenchOutputFile.prepare(outFile);           // fails now rather than after the bench
        }
        PrintWriter console = spec.commandLine().getOut();
        out = copy == null ? console : new PrintWriter(new BenchOutputFile.Tee(console, copy), true);
        Dataset sample = DataLoader.embeddedSample();
        Dataset rows60k = repeat(sample, 60_000);
        if (memoryProbe) {
            BenchDigitnet.miniBatch(rows60k, prefix(rows60k, WARM_UP_ROWS), 1, learningRate);
            out.printf(Locale.ROOT, "peak_rss_mb %.1f%n", peakRssMegabytes());
            out.flush();
            return ExitCodes.OK;
        }
        int timedEpochs = timedEpochs(epochs);
        out.printf(Locale.ROOT, "machine: %d cores (%s), java %s, kernels %s; data: the embedded sample, repeated%n",
                Runtime.getRuntime().availableProcessors(), cpuName(), System.getProperty("java.version"), MatMul.kernels());
        if (timedEpochs != epochs) {
            out.printf(Locale.ROOT, "note: --epochs %d raised to %d: the first timed epoch and the median of at least %d"
                    + " after it%n", epochs, timedEpochs, MIN_EPOCHS - 1);
        }
        List<BenchPython.Interpreter> pythons = noPython ? List.of() : peersFound();
        out.flush();
        if (timeToAccuracy) {
            if (ttaRows.size() != 2 || ttaBudgets.stream().anyMatch(b -> !(b > 0)) || ttaEpochs.stream().anyMatch(e -> e < 1)) {
                throw new UsageException("--tta-rows takes TRAIN,TEST; --tta-budget must be > 0 and --tta-epochs >= 1");
            }
            Dataset all = ttaData == null ? sample : DataLoader.load(ttaData, null, 10);
            BenchTimeToAccuracy.report(out, all, ttaData == null ? "the embedded sample" : ttaData.toString(), scriptsDir(),
                    pythons, new BenchTimeToAccuracy.Plan(ttaPreset, ttaBudgets, ttaSeeds, ttaEpochs, ttaRows.get(0),
                            ttaRows.get(1), ttaTestViews));
            return finish(console, copy, started);
        }
        List<Integer> threads = speed.threads() != null || Parallel.shared().threads() == 1
                ? List.of(Parallel.shared().threads()) : List.of(Parallel.shared().threads(), 1);
        double peak = printPeak(out, threads);
        if (!convnetOnly && jobRuns > 0) {
            BenchJob.report(out, sample, scriptsDir(),
                    pythons.stream().filter(p -> p.has("pandas") && p.has("numpy")).toList(), jobRuns);
        }
        BenchPeers peers = noPython ? BenchPeers.none() : BenchPeers.run(out, pythons, rows60k, scriptsDir(), seconds,
                timedEpochs, learningRate, workloads(), convnetFraction, convnetOnly);
        if (!convnetOnly) {
            perceptrons(peers, threads, rows60k, timedEpochs, peak);
        }
        if (convnetFraction > 0) {
            BenchConvnet.report(out, peers, threads, rows60k, convnetFraction, seconds, peak);
        }
        return finish(console, copy, started);
    }

    // flushes the output and writes the --out file
    private int finish(PrintWriter console, StringWriter copy, Instant started) throws Exception {
        out.flush();
        if (outFile != null) {
            BenchOutputFile.write(outFile, started, spec.commandLine().getParseResult().originalArgs(), cpuName(), copy.toString());
            console.println("written: " + outFile);
            console.flush();
        }
        return ExitCodes.OK;
    }

    /**
     * Measures and prints the machine's float32 FMA peak ({@link FmaPeak}) on each thread count, for
     * {@code min(seconds, 1)} each; returns the peak of the first (all cores unless --threads), NaN
     * without the vector module.
     */
    private double printPeak(PrintWriter out, List<Integer> threads) {
        List<String> parts = new java.util.ArrayList<>();
        double first = Double.NaN;
        for (int t : threads) {
            java.util.OptionalDouble g = FmaPeak.gflops(t, Math.min(seconds, 1.0));
            if (g.isEmpty()) {
                out.printf(Locale.ROOT, "FMA peak: not measured (no jdk.incubator.vector module)%n");
                return Double.NaN;
            }
            first = Double.isNaN(first) ? g.getAsDouble() : first;
            parts.add(String.format(Locale.ROOT, "%.1f GFLOP/s on %s", g.getAsDouble(), BenchPeers.plural(t, "thread")));
        }
        out.printf(Locale.ROOT, "FMA peak (float32, 12 independent chains of the widest vector per thread): %s; the GFLOP/s"
                + " below (FLOPs of the dense formulation) are also given as a share of the %s peak%n", String.join(", ", parts),
                BenchPeers.plural(threads.get(0), "thread"));
        out.flush();
        return first;
    }

    /** The epochs the mini-batch workloads time for {@code --epochs asked}: at least {@link #MIN_EPOCHS}. */
    static int timedEpochs(int asked) {
        return Math.max(MIN_EPOCHS, asked);
    }

    // probes every interpreter given and prints what each has
    private List<BenchPython.Interpreter> peersFound() {
        List<String> candidates = BenchPython.interpreters(pythons, System.getenv(BenchPython.ENV));
        out.printf(Locale.ROOT, "peers: every interpreter tried (%s); each figure is compared with the fastest peer line"
                + " of the same precision%n", String.join(", ", candidates));
        Map<String, BenchPython.Interpreter> found = new LinkedHashMap<>();
        for (String candidate : candidates) {
            BenchPython.Interpreter i = BenchPython.probe(candidate);
            BenchPython.Interpreter same = i == null ? null : found.putIfAbsent(i.identity(), i);
            out.println("  " + (i == null ? candidate + ": not run (it does not start, or is not a python)"
                    : same != null ? candidate + ": not run again (the same interpreter as " + same.command() + ")"
                    : i.describe()));
        }
        out.println("ratios: the fastest peer's time / digitnet's (above 1: digitnet is faster), first against first,"
                + " steady against steady");
        return List.copyOf(found.values());
    }

    /** Rows of the untimed warm-up epoch of the mini-batch workloads, on both sides. */
    static final int WARM_UP_ROWS = 2_000;

    // the notebook's network, full batch, and 784-128-10 mini-batch training and inference
    private void perceptrons(BenchPeers peers, List<Integer> threads, Dataset rows60k, int timedEpochs, double peak)
            throws Exception {
        for (int rows : new int[] {9_000, 41_000}) {
            out.printf(Locale.ROOT, "%nnotebook 784-10-10, full batch, %,d rows: ms per iteration (median, after a warm-up)%n",
                    rows);
            double flops = BenchFlops.NOTEBOOK_ROW * rows;
            out.printf(Locale.ROOT, "  FLOPs per iteration: %.1f M (dense formulation; digitnet's sparse first layer does fewer)%n",
                    flops / 1e6);
            List<JsonNode> lines = peers.notebook(rows);
            for (JsonNode r : lines) {
                line(peers.label(r), r.get("ms_per_iteration").asDouble(), "ms",
                        String.format(Locale.ROOT, "%s  accuracy %.3f after %d iterations%s",
                                BenchFlops.rate(flops, r.get("ms_per_iteration").asDouble() / 1e3, peak), r.get("accuracy").asDouble(),
                                r.get("iterations").asInt(), BenchPeers.float32(r) ? "" : " (float64: not like for like)"));
            }
            BenchPeers.Best best = BenchPeers.fastest(lines.stream().filter(BenchPeers::float32).toList(), "ms_per_iteration");
            Dataset data = prefix(rows60k, rows);
            for (int t : threads) {
                Parallel.setThreads(t);
                BenchDigitnet.Notebook d = BenchDigitnet.notebook(data, seconds);
                line("digitnet (float32), " + BenchPeers.plural(t, "thread"), d.msPerIteration(), "ms",
                        String.format(Locale.ROOT, "%s  accuracy %.3f after %d iterations%s",
                                BenchFlops.rate(flops, d.msPerIteration() / 1e3, peak), d.accuracy(), d.iterations(),
                                best == null ? "" : String.format(Locale.ROOT, "; %.2fx against %s (the fastest float32 peer)",
                                        best.value() / d.msPerIteration(), peers.label(best.line()))));
            }
            Parallel.setThreads(threads.get(0));
        }

        BenchDigitnet.Epochs last = epochs(peers, "minibatch", threads, String.format(Locale.ROOT,
                "mini-batch 784-128-10, batch 64, SGD %s, 60,000 images", learningRate), timedEpochs, peak,
                t -> BenchDigitnet.miniBatch(rows60k, prefix(rows60k, WARM_UP_ROWS), timedEpochs, learningRate));
        Dataset dense = BenchDigitnet.inverted(rows60k);
        epochs(peers, "dense", threads, "mini-batch on dense images (255 - p), 784-128-10, batch 64, Adam 0.001, 60,000 images",
                timedEpochs, peak, t -> BenchDigitnet.denseMiniBatch(dense, prefix(dense, WARM_UP_ROWS), timedEpochs));

        out.printf(Locale.ROOT, "%ninference 784-128-10 (the SGD mini-batch network): images per second in chunks of 1,000;"
                + " one image%n");
        for (JsonNode r : peers.workload("inference")) {
            double ips = r.get("images_per_second_batch1000").asDouble();
            out.printf(Locale.ROOT, "  %-44s %,12.0f images/s %s  %8.1f us per single image%n", peers.label(r),
                    ips, BenchFlops.rate(BenchFlops.MLP_FORWARD, 1 / ips, peak), r.get("single_image_us").asDouble());
        }
        for (int t : threads) {
            Parallel.setThreads(t);
            BenchDigitnet.Inference inf = BenchDigitnet.inference(last.network(), prefix(rows60k, 10_000), seconds);
            out.printf(Locale.ROOT, "  %-44s %,12.0f images/s %s  %8.1f us per single image%n",
                    "digitnet, " + BenchPeers.plural(t, "thread"), inf.imagesPerSecondBatch1000(),
                    BenchFlops.rate(BenchFlops.MLP_FORWARD, 1 / inf.imagesPerSecondBatch1000(), peak), inf.singleImageMicros());
        }
        Parallel.setThreads(threads.get(0));
        out.printf(Locale.ROOT, "%npeak memory of a training run on 60,000 images (1 epoch, this JVM's flags): %s%n",
                memoryOfChildRun());
        out.flush();
    }

    /**
     * One mini-batch workload: the peers' lines, then digitnet's at each thread count, each with
     * its first timed epoch and the median of the later ones, and the ratios against the fastest peer.
     */
    private BenchDigitnet.Epochs epochs(BenchPeers peers, String workload, List<Integer> threads, String title,
                                        int timedEpochs, double peak,
                                        java.util.function.IntFunction<BenchDigitnet.Epochs> run) {
        double flops = BenchFlops.MLP_TRAIN * 60_000;   // an epoch of the 60,000 images
        out.printf(Locale.ROOT, "%n%s: seconds per epoch%n", title);
        out.printf(Locale.ROOT, "  each side: an untimed warm-up epoch on the first %,d rows (that network thrown away), then"
                + " %d epochs of a fresh network timed;%n  first: the first of them (cold); steady: the median of the other %d"
                + " (digitnet runs its thread counts in one JVM, in the order shown)%n  FLOPs per epoch: %.1f G (dense"
                + " formulation); GFLOP/s of the steady figure in brackets%n",
                WARM_UP_ROWS, timedEpochs, timedEpochs - 1, flops / 1e9);
        out.printf(Locale.ROOT, "  %-44s %12s %10s%n", "", "first (cold)", "steady");
        List<JsonNode> lines = peers.workload(workload);
        for (JsonNode r : lines) {
            double steady = r.path("steady_epoch_seconds").asDouble(Double.NaN);
            out.printf(Locale.ROOT, "  %-44s %10.3f s %8.3f s  %s   train accuracy %.4f%n", peers.label(r),
                    r.path("first_epoch_seconds").asDouble(Double.NaN), steady, BenchFlops.rate(flops, steady, peak),
                    r.get("accuracy").asDouble());
        }
        out.flush();
        BenchDigitnet.Epochs last = null;
        for (int t : threads) {
            Parallel.setThreads(t);
            last = run.apply(t);
            out.printf(Locale.ROOT, "  %-44s %10.3f s %8.3f s  %s   train accuracy %.4f%s%n", "digitnet, " + BenchPeers.plural(t, "thread"),
                    last.firstSeconds(), last.steadySeconds(), BenchFlops.rate(flops, last.steadySeconds(), peak), last.accuracy(),
                    peers.against(lines, "first_epoch_seconds", "steady_epoch_seconds", last.firstSeconds(),
                            last.steadySeconds()));
            out.flush();
        }
        Parallel.setThreads(threads.get(0));
        return last;
    }

    private void line(String who, double value, String unit, String note) {
        out.printf(Locale.ROOT, "  %-44s %9.3f %-2s   %s%n", who, value, unit, note);
        out.flush();
    }

    /** The first n rows of d. */
    static Dataset prefix(Dataset d, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return d.subset(idx, d.source() + " (" + n + " rows)");
    }

    /** d repeated to n rows (6 copies of the 10,000-image sample = 60,000). */
    static Dataset repeat(Dataset d, int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i % d.count();
        }
        return d.subset(idx, d.source() + " repeated to " + n + " rows");
    }

    // the workloads of scripts/bench_torch.py this run asks for
    private String workloads() {
        return convnetOnly ? "convnet" : convnetFraction > 0 ? "notebook,minibatch,dense,convnet" : "notebook,minibatch,dense";
    }

    Path scriptsDir() throws Exception {
        if (scripts != null) {
            return scripts;
        }
        Path jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // the jar is core/target/digitnet.jar: the scripts are in the project's scripts/, beside core/
        Path beside = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().resolveSibling("scripts");
        return beside != null && Files.isDirectory(beside) ? beside : Path.of("scripts");
    }

    // a child JVM with this one's flags trains one epoch and reports its own peak resident set
    private String memoryOfChildRun() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "--memory-probe"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return text.startsWith("peak_rss_mb ") ? text.substring(12) + " MB (VmHWM; flags: " + flags + ")"
                : "not measured (" + text + ")";
    }

    static double peakRssMegabytes() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return Double.NaN;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (Exception e) {
            // not Linux: no name
        }
        return "unknown CPU";
    }
}
