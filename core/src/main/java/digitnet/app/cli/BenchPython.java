package digitnet.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * The Python peers of {@code digitnet bench}: asks each interpreter given what it has (numpy,
 * pandas, torch, their versions and builds) and runs the committed scripts with it.
 */
final class BenchPython {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The interpreters tried when neither --python nor {@link #ENV} says. */
    static final List<String> DEFAULT_INTERPRETERS = List.of("python3", "/usr/bin/python3");
    /** Environment variable with the interpreters to try, comma-separated (--python overrides it). */
    static final String ENV = "DIGITNET_BENCH_PYTHON";

    /**
     * Prints one JSON object: the interpreter, and the version and build of numpy (with its BLAS
     * when threadpoolctl or numpy 2's show_config tells), pandas and torch, each when importable.
     * "Debian" marks a module of Debian's packages. numpy's BLAS is read before torch is imported,
     * which loads its own.
     */
    static final String PROBE = String.join("\n",
            "import json, os, re, sys",
            "def build(m):",
            "    return 'Debian' if os.path.realpath(m.__file__).startswith('/usr/lib/python3/') else ''",
            "i = {'executable': sys.executable, 'prefix': sys.prefix, 'python': sys.version.split()[0]}",
            "try:",
            "    import numpy",
            "    i['numpy'] = numpy.__version__",
            "    i['numpy_build'] = build(numpy)",
            "    try:",
            "        import threadpoolctl",
            "        b = [p for p in threadpoolctl.threadpool_info() if p.get('user_api') == 'blas'][0]",
            "        i['numpy_blas'] = ' '.join(str(b[k]) for k in ('internal_api', 'version', 'threading_layer') if b.get(k))",
            "    except Exception:",
            "        try:",
            "            b = numpy.show_config(mode='dicts')['Build Dependencies']['blas']",
            "            i['numpy_blas'] = '%s %s' % (b.get('name'), b.get('version'))",
            "        except Exception:",
            "            pass",
            "except Exception:",
            "    pass",
            "try:",
            "    import pandas",
            "    i['pandas'] = pandas.__version__",
            "except Exception:",
            "    pass",
            "try:",
            "    import torch",
            "    i['torch'] = torch.__version__",
            "    i['torch_build'] = build(torch)",
            "    c = torch.__config__.show()",
            "    m, d = re.search(r'BLAS_INFO=(\\w+)', c), re.search(r'MKL-DNN v([0-9.]+)', c)",
            "    i['torch_blas'] = ', '.join(x for x in (m and 'BLAS ' + m.group(1), d and 'oneDNN ' + d.group(1)) if x)",
            "except Exception:",
            "    pass",
            "print(json.dumps(i))");

    private BenchPython() {}

    /**
     * One interpreter as given on the command line, with what {@link #PROBE} found in it.
     *
     * @param command the interpreter as given (a name on the PATH or a path)
     * @param info    the probe's answer
     */
    record Interpreter(String command, JsonNode info) {
        boolean has(String module) {
            return info.hasNonNull(module);
        }

        /** The version of a module, with its build ("1.13.0a0 (Debian)"), or null when it is missing. */
        String version(String module) {
            if (!has(module)) {
                return null;
            }
            String build = info.path(module + "_build").asText("");
            return info.get(module).asText() + (build.isEmpty() ? "" : " (" + build + ")");
        }

        /** "/usr/bin/python3 (Python 3.11.2): numpy 1.24.2 (Debian; openblas 0.3.21 pthreads); pandas 1.5.3; pytorch ..." */
        String describe() {
            String exe = info.path("executable").asText(command);
            StringBuilder s = new StringBuilder(command);
            s.append(exe.equals(command) ? "" : " = " + exe).append(" (Python ").append(info.path("python").asText("?"))
                    .append("): ");
            s.append(module("numpy", "numpy", "numpy_blas")).append("; ").append(module("pandas", "pandas", null))
                    .append("; ").append(module("torch", "pytorch", "torch_blas"));
            return s.toString();
        }

        private String module(String module, String name, String blasField) {
            if (!has(module)) {
                return "no " + name;
            }
            String build = info.path(module + "_build").asText("");
            String blas = blasField == null ? "" : info.path(blasField).asText("");
            String detail = build.isEmpty() ? blas : blas.isEmpty() ? build : build + "; " + blas;
            return name + " " + info.get(module).asText() + (detail.isEmpty() ? "" : " (" + detail + ")");
        }

        /** Same interpreter and environment (a venv shares its base's executable but not its packages). */
        String identity() {
            return info.path("executable").asText(command) + "|" + info.path("prefix").asText("");
        }
    }

    /**
     * The interpreters to try: those given with --python, else those of {@link #ENV} when it is
     * set and not blank, else {@link #DEFAULT_INTERPRETERS}.
     */
    static List<String> interpreters(List<String> given, String env) {
        if (given != null && !given.isEmpty()) {
            return given.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (env != null && !env.isBlank()) {
            return List.of(env.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return DEFAULT_INTERPRETERS;
    }

    /** What {@code python} has, or null when it does not start or is not a python. */
    static Interpreter probe(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", PROBE).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            for (String line : text.split("\n")) {
                if (line.startsWith("{")) {
                    return new Interpreter(python, JSON.readTree(line));
                }
            }
            return null;
        } catch (IOException e) {
            return null;            // not installed, or not a python: not a peer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
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

    /**
     * Runs {@code python script args...} with extra environment variables; one JSON object per
     * output line, each with the interpreter as given added as "python".
     */
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
            log.flush();
            p.destroy();
            return List.of();
        }
        List<JsonNode> results = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                ObjectNode r = (ObjectNode) JSON.readTree(line);
                r.put("python", python);
                results.add(r);
            }
        }
        return results;
    }
}
