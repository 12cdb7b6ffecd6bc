package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import digitnet.data.Dataset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the Python peers of {@code digitnet bench} measured: every line of every interpreter tried
 * (numpy at 1 and 2 OpenBLAS threads, PyTorch at 1 and 2 threads), each labelled with its build,
 * and the fastest line of a figure, which is the one digitnet is compared with.
 *
 * @param interpreters the interpreters that ran (after {@link BenchPython#probe})
 * @param results      one JSON object per line the scripts printed, with "python" added
 */
record BenchPeers(List<BenchPython.Interpreter> interpreters, List<JsonNode> results) {
    /** The fastest line of one figure, and its value. */
    record Best(JsonNode line, double value) {}

    static BenchPeers none() {
        return new BenchPeers(List.of(), List.of());
    }

    /**
     * Runs bench_numpy.py with every interpreter that has numpy (unless {@code convnetOnly}) and
     * bench_torch.py with every one that has torch, each at 1 and 2 threads.
     */
    static BenchPeers run(PrintWriter out, List<BenchPython.Interpreter> interpreters, Dataset rows, Path scripts,
                          double seconds, int epochs, double learningRate, String workloads, double convnetFraction,
                          boolean convnetOnly) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        Path dir = BenchPython.writeRows(rows);
        String sec = String.valueOf(seconds);
        Path numpyScript = scripts.resolve("bench_numpy.py"), torchScript = scripts.resolve("bench_torch.py");
        List<BenchPython.Interpreter> numpy = interpreters.stream().filter(i -> i.has("numpy")).toList();
        List<BenchPython.Interpreter> torch = interpreters.stream().filter(i -> i.has("torch")).toList();
        if (convnetOnly) {
            out.println("numpy: not run (--convnet-only)");
        } else if (numpy.isEmpty() || !Files.exists(numpyScript)) {
            out.println("numpy: not run (no python with numpy, or no " + numpyScript + ")");
        } else {
            for (BenchPython.Interpreter python : numpy) {
                for (String rowCount : List.of("9000", "41000")) {
                    for (String dtype : List.of("float64", "float32")) {
                        for (String n : List.of("1", "2")) {      // OpenBLAS threads: 1 is often best on 2 cores
                            all.addAll(BenchPython.run(python.command(), numpyScript,
                                    List.of(dir.toString(), rowCount, "--dtype", dtype, "--seconds", sec, "--threads", n),
                                    Map.of("OPENBLAS_NUM_THREADS", n, "OMP_NUM_THREADS", n), System.err));
                        }
                    }
                }
            }
        }
        if (torch.isEmpty() || !Files.exists(torchScript)) {
            out.println("pytorch: not run (no python with torch, or no " + torchScript
                    + "; on Debian: apt-get install python3-torch)");
        } else {
            for (BenchPython.Interpreter python : torch) {
                for (String n : List.of("1", "2")) {
                    all.addAll(BenchPython.run(python.command(), torchScript,
                            List.of(dir.toString(), "--threads", n, "--seconds", sec, "--epochs", String.valueOf(epochs),
                                    "--lr", String.valueOf(learningRate), "--workloads", workloads,
                                    "--convnet-fraction", String.valueOf(convnetFraction)),
                            Map.of("OPENBLAS_NUM_THREADS", n, "OMP_NUM_THREADS", n), System.err));
                }
            }
        }
        out.flush();
        return new BenchPeers(interpreters, all);
    }

    /** The lines of the full-batch notebook workload on {@code rows} rows (numpy in both precisions, PyTorch). */
    List<JsonNode> notebook(int rows) {
        return select(r -> r.has("ms_per_iteration") && r.path("rows").asInt() == rows);
    }

    List<JsonNode> workload(String name) {
        return select(r -> name.equals(r.path("workload").asText()));
    }

    private List<JsonNode> select(Predicate<JsonNode> p) {
        return results.stream().filter(p).toList();
    }

    /** float32 lines: numpy float32 and PyTorch (which runs float32); not numpy float64. */
    static boolean float32(JsonNode r) {
        return !"float64".equals(r.path("dtype").asText());
    }

    /** The line of {@code lines} with the smallest {@code field}, or null when none has it. */
    static Best fastest(List<JsonNode> lines, String field) {
        Best best = null;
        for (JsonNode r : lines) {
            double v = r.path(field).asDouble(Double.NaN);
            if (!Double.isNaN(v) && (best == null || v < best.value())) {
                best = new Best(r, v);
            }
        }
        return best;
    }

    /**
     * The line's label: peer, version and build, the interpreter when two interpreters have the
     * same peer, version and build, the precision when given, the threads: "pytorch 1.13.0a0
     * (Debian), 1 thread", "numpy 2.4.6 [/opt/venv/bin/python] float32, 2 threads".
     */
    String label(JsonNode r) {
        String base = base(r);
        if (ambiguous().contains(base)) {
            base += " [" + r.path("python").asText() + "]";
        }
        String dtype = r.path("dtype").asText("");
        return base + (dtype.isEmpty() ? "" : " " + dtype) + (r.has("threads") ? ", " + plural(r.get("threads").asInt(), "thread") : "");
    }

    private static String base(JsonNode r) {
        String version = r.path("version").asText(""), build = r.path("build").asText("");
        return r.path("peer").asText("?") + (version.isEmpty() ? "" : " " + version) + (build.isEmpty() ? "" : " (" + build + ")");
    }

    // peer + version + build that more than one interpreter printed
    private Set<String> ambiguous() {
        Map<String, String> first = new HashMap<>();
        Set<String> twice = new HashSet<>();
        for (JsonNode r : results) {
            String python = r.path("python").asText(), base = base(r);
            String seen = first.putIfAbsent(base, python);
            if (seen != null && !seen.equals(python)) {
                twice.add(base);
            }
        }
        return twice;
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : word.endsWith("h") ? "es" : "s");
    }

    /**
     * "first 1.92x against pytorch 2.13.0+cpu, 1 thread; steady 3.55x against ...": the fastest
     * peer line's figure over ours, first against first and steady against steady; "" without peers.
     */
    String against(List<JsonNode> lines, String firstField, String steadyField, double first, double steady) {
        List<String> parts = new ArrayList<>();
        Best f = fastest(lines, firstField), s = fastest(lines, steadyField);
        if (f != null) {
            parts.add(String.format(Locale.ROOT, "first %.2fx against %s", f.value() / first, label(f.line())));
        }
        if (s != null && !Double.isNaN(steady)) {
            parts.add(String.format(Locale.ROOT, "steady %.2fx against %s", s.value() / steady, label(s.line())));
        }
        return parts.isEmpty() ? "" : "; " + String.join("; ", parts);
    }
}
