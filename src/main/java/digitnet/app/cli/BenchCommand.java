package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.tensor.MatMul;
import digitnet.tensor.Parallel;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            "Peers run when found: python3 with numpy (scripts/bench_numpy.py), python3 with torch (scripts/bench_torch.py)."})
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "2",
            description = "Time spent on each full-batch and inference measurement, per peer. Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "1",
            description = "Epochs of the mini-batch workload (the median epoch is reported). Default: ${DEFAULT-VALUE}.")
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

    @Option(names = "--job-runs", paramLabel = "N", defaultValue = "3",
            description = "Whole-process runs of the notebook's job on each side, in turn; 0 skips them. Default: ${DEFAULT-VALUE}.")
    int jobRuns;

    @Option(names = "--no-python", description = "Run digitnet only.")
    boolean noPython;

    @Option(names = "--python", paramLabel = "EXE", split = ",",
            description = "Python interpreters to try, in order. Default: python3 then /usr/bin/python3.")
    List<String> pythons = List.of("python3", "/usr/bin/python3");

    @Option(names = "--scripts", paramLabel = "DIR",
            description = "Where bench_numpy.py and bench_torch.py are. Default: scripts/ of the checkout.")
    Path scripts;

    @Option(names = "--memory-probe", hidden = true,
            description = "Internal: train one mini-batch epoch on 60,000 images and print the peak resident memory.")
    boolean memoryProbe;

    @Mixin SpeedOptions speed;
    @Mixin CommonOptions common;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (epochs < 1 || jobRuns < 0 || !(seconds > 0) || !(convnetFraction >= 0 && convnetFraction <= 1)
                || (convnetOnly && convnetFraction == 0)) {
            throw new UsageException("--epochs must be >= 1, --job-runs >= 0, --seconds > 0 and --convnet-fraction in [0, 1]"
                    + " (above 0 with --convnet-only)");
        }
        Dataset sample = DataLoader.embeddedSample();
        Dataset rows60k = repeat(sample, 60_000);
        if (memoryProbe) {
            BenchDigitnet.miniBatch(rows60k, prefix(rows60k, 2_000), 1, learningRate);
            out.printf(Locale.ROOT, "peak_rss_mb %.1f%n", peakRssMegabytes());
            out.flush();
            return ExitCodes.OK;
        }
        out.printf(Locale.ROOT, "machine: %d cores (%s), java %s, kernels %s; data: the embedded sample, repeated%n",
                Runtime.getRuntime().availableProcessors(), cpuName(), System.getProperty("java.version"), MatMul.kernels());
        out.flush();
        List<Integer> threads = speed.threads() != null || Parallel.shared().threads() == 1
                ? List.of(Parallel.shared().threads()) : List.of(Parallel.shared().threads(), 1);
        if (!convnetOnly && jobRuns > 0) {
            BenchJob.report(out, sample, scriptsDir(), noPython ? null : BenchPython.interpreterWith("pandas, numpy", pythons),
                    jobRuns);
        }
        Peers peers = noPython ? Peers.none() : Peers.run(this, rows60k);
        if (!convnetOnly) {
            perceptrons(peers, threads, rows60k);
        }
        if (convnetFraction > 0) {
            BenchConvnet.report(out, peers.results(), threads, rows60k, convnetFraction, seconds);
        }
        out.flush();
        return ExitCodes.OK;
    }

    // the notebook's network, full batch, and 784-128-10 mini-batch training and inference
    private void perceptrons(Peers peers, List<Integer> threads, Dataset rows60k) throws Exception {
        for (int rows : new int[] {9_000, 41_000}) {
            out.printf(Locale.ROOT, "%nnotebook 784-10-10, full batch, %,d rows: ms per iteration (median)%n", rows);
            double best32 = Double.NaN, f64 = Double.NaN;
            for (JsonNode r : peers.notebook(rows)) {
                double ms = r.get("ms_per_iteration").asDouble();
                line(label(r), ms, "ms", String.format(Locale.ROOT, "accuracy %.3f after %d iterations",
                        r.get("accuracy").asDouble(), r.get("iterations").asInt()));
                if (r.get("peer").asText().equals("numpy float64")) {
                    f64 = Double.isNaN(f64) ? ms : Math.min(f64, ms);
                } else {
                    best32 = Double.isNaN(best32) ? ms : Math.min(best32, ms);
                }
            }
            Dataset data = prefix(rows60k, rows);
            for (int t : threads) {
                Parallel.setThreads(t);
                BenchDigitnet.Notebook d = BenchDigitnet.notebook(data, seconds);
                line("digitnet, " + plural(t, "thread"), d.msPerIteration(), "ms",
                        String.format(Locale.ROOT, "accuracy %.3f after %d iterations%s", d.accuracy(), d.iterations(),
                                ratios(f64, best32, d.msPerIteration())));
            }
            Parallel.setThreads(threads.get(0));
        }

        out.printf(Locale.ROOT, "%nmini-batch 784-128-10, batch 64, SGD %s, 60,000 images: seconds per epoch (median of %d)%n",
                learningRate, epochs);
        double bestTorch = Double.NaN;
        for (JsonNode r : peers.miniBatch()) {
            double s = r.get("seconds_per_epoch").asDouble();
            bestTorch = Double.isNaN(bestTorch) ? s : Math.min(bestTorch, s);
            line(label(r), s, "s", String.format(Locale.ROOT, "train accuracy %.4f", r.get("accuracy").asDouble()));
        }
        BenchDigitnet.MiniBatch last = null;
        for (int t : threads) {
            Parallel.setThreads(t);
            last = BenchDigitnet.miniBatch(rows60k, prefix(rows60k, 2_000), epochs, learningRate);
            line("digitnet, " + plural(t, "thread"), last.secondsPerEpoch(), "s",
                    String.format(Locale.ROOT, "train accuracy %.4f%s", last.accuracy(),
                            Double.isNaN(bestTorch) ? "" : String.format(Locale.ROOT, "; %.1fx the best pytorch",
                                    bestTorch / last.secondsPerEpoch())));
        }
        Parallel.setThreads(threads.get(0));

        denseMiniBatch(peers, threads, rows60k);

        out.printf(Locale.ROOT, "%ninference 784-128-10: images per second in chunks of 1,000; one image%n");
        for (JsonNode r : peers.inference()) {
            out.printf(Locale.ROOT, "  %-24s %,12.0f images/s   %8.1f us per single image%n", label(r),
                    r.get("images_per_second_batch1000").asDouble(), r.get("single_image_us").asDouble());
        }
        for (int t : threads) {
            Parallel.setThreads(t);
            BenchDigitnet.Inference inf = BenchDigitnet.inference(last.network(), prefix(rows60k, 10_000), seconds);
            out.printf(Locale.ROOT, "  %-24s %,12.0f images/s   %8.1f us per single image%n", "digitnet, " + plural(t, "thread"),
                    inf.imagesPerSecondBatch1000(), inf.singleImageMicros());
        }
        Parallel.setThreads(threads.get(0));
        out.printf(Locale.ROOT, "%npeak memory of a training run on 60,000 images (1 epoch, this JVM's flags): %s%n",
                memoryOfChildRun());
        out.flush();
    }

    // 784-128-10 with Adam on the inverted images, first epoch (warm-up included) and later ones
    private void denseMiniBatch(Peers peers, List<Integer> threads, Dataset rows60k) {
        int n = Math.max(2, epochs);
        out.printf(Locale.ROOT, "%nmini-batch on dense images (255 - p), 784-128-10, batch 64, Adam 0.001, 60,000 images: "
                + "seconds per epoch, first (warm-up included) and median of the next %d%n", n - 1);
        double bestFirst = Double.NaN, bestLater = Double.NaN;
        for (JsonNode r : peers.dense()) {
            double first = r.get("first_epoch_seconds").asDouble(), later = r.get("later_epoch_seconds").asDouble();
            bestFirst = Double.isNaN(bestFirst) ? first : Math.min(bestFirst, first);
            bestLater = Double.isNaN(bestLater) ? later : Math.min(bestLater, later);
            out.printf(Locale.ROOT, "  %-24s %7.3f s   %7.3f s   train accuracy %.4f%n", label(r), first, later,
                    r.get("accuracy").asDouble());
        }
        Dataset dense = BenchDigitnet.inverted(rows60k);
        for (int t : threads) {
            Parallel.setThreads(t);
            BenchDigitnet.DenseMiniBatch d = BenchDigitnet.denseMiniBatch(dense, n);
            out.printf(Locale.ROOT, "  %-24s %7.3f s   %7.3f s   train accuracy %.4f%s%n", "digitnet, " + plural(t, "thread"),
                    d.firstEpochSeconds(), d.laterEpochSeconds(), d.accuracy(), Double.isNaN(bestLater) ? ""
                            : String.format(Locale.ROOT, "; %.1fx / %.1fx the best pytorch (target 3x)",
                                    bestFirst / d.firstEpochSeconds(), bestLater / d.laterEpochSeconds()));
            out.flush();
        }
        Parallel.setThreads(threads.get(0));
    }

    private void line(String who, double value, String unit, String note) {
        out.printf(Locale.ROOT, "  %-24s %9.3f %-2s   %s%n", who, value, unit, note);
        out.flush();
    }

    private static String ratios(double f64, double best32, double ms) {
        if (Double.isNaN(f64) && Double.isNaN(best32)) {
            return "";
        }
        return String.format(Locale.ROOT, "; %.1fx numpy float64, %.1fx the best of numpy float32 / pytorch",
                f64 / ms, best32 / ms);
    }

    private static String label(JsonNode r) {
        String peer = r.get("peer").asText();
        return r.has("threads") ? peer + ", " + plural(r.get("threads").asInt(), "thread") : peer;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
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
        Path beside = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().resolve("scripts");
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

    /** What the Python peers measured, by workload. */
    record Peers(List<JsonNode> results) {
        static Peers none() {
            return new Peers(List.of());
        }

        static Peers run(BenchCommand bench, Dataset rows) throws Exception {
            List<JsonNode> all = new ArrayList<>();
            Path dir = BenchPython.writeRows(rows);
            Path scripts = bench.scriptsDir();
            String sec = String.valueOf(bench.seconds);
            String numpy = BenchPython.interpreterWith("numpy", bench.pythons);
            if (bench.convnetOnly) {
                bench.out.println("numpy: not run (--convnet-only)");
            } else if (numpy == null || !Files.exists(scripts.resolve("bench_numpy.py"))) {
                bench.out.println("numpy: not found (no python with numpy, or no " + scripts.resolve("bench_numpy.py") + ")");
            } else {
                for (String rowCount : List.of("9000", "41000")) {
                    for (String dtype : List.of("float64", "float32")) {
                        for (String n : List.of("1", "2")) {      // OpenBLAS threads: 1 is often best on 2 cores
                            all.addAll(BenchPython.run(numpy, scripts.resolve("bench_numpy.py"),
                                    List.of(dir.toString(), rowCount, "--dtype", dtype, "--seconds", sec, "--threads", n),
                                    Map.of("OPENBLAS_NUM_THREADS", n, "OMP_NUM_THREADS", n), System.err));
                        }
                    }
                }
            }
            String torch = BenchPython.interpreterWith("torch", bench.pythons);
            if (torch == null || !Files.exists(scripts.resolve("bench_torch.py"))) {
                bench.out.println("pytorch: not found (no python with torch; on Debian: apt-get install python3-torch)");
            } else {
                for (int t : new int[] {1, 2}) {
                    String n = String.valueOf(t);
                    all.addAll(BenchPython.run(torch, scripts.resolve("bench_torch.py"),
                            List.of(dir.toString(), "--threads", n, "--seconds", sec, "--epochs", String.valueOf(bench.epochs),
                                    "--lr", String.valueOf(bench.learningRate), "--workloads", bench.workloads(),
                                    "--convnet-fraction", String.valueOf(bench.convnetFraction)),
                            Map.of("OPENBLAS_NUM_THREADS", n, "OMP_NUM_THREADS", n), System.err));
                }
            }
            bench.out.flush();
            return new Peers(all);
        }

        List<JsonNode> notebook(int rows) {
            return results.stream().filter(r -> r.has("ms_per_iteration") && r.get("rows").asInt() == rows).toList();
        }

        List<JsonNode> miniBatch() {
            return results.stream().filter(r -> "minibatch".equals(r.path("workload").asText())).toList();
        }

        List<JsonNode> dense() {
            return results.stream().filter(r -> "dense".equals(r.path("workload").asText())).toList();
        }

        List<JsonNode> inference() {
            return results.stream().filter(r -> "inference".equals(r.path("workload").asText())).toList();
        }
    }
}
