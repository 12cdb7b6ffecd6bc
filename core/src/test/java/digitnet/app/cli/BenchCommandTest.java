package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digitnet bench} compares like with like: the epoch rules (the same warm-up, then a cold
 * first epoch and the median of at least 3 after it), float32 against float32, every interpreter
 * tried and each line named by its build, no targets in the output; and {@code --out}. The peers
 * here are fake interpreters (shell scripts) that print the lines the real scripts print.
 */
class BenchCommandTest {
    @TempDir Path tmp;

    @Test
    void atLeastFourEpochsAreTimedTheFirstApartAndTheMedianOfTheOthers() {
        assertThat(BenchCommand.timedEpochs(1)).isEqualTo(4);
        assertThat(BenchCommand.timedEpochs(2)).isEqualTo(4);
        assertThat(BenchCommand.timedEpochs(4)).isEqualTo(4);
        assertThat(BenchCommand.timedEpochs(7)).isEqualTo(7);

        BenchDigitnet.Epochs e = BenchDigitnet.Epochs.of(List.of(9.0, 1.0, 3.0, 2.0), 0.5, null);
        assertThat(e.firstSeconds()).isEqualTo(9.0);
        assertThat(e.steadySeconds()).isEqualTo(2.0);          // median of 1, 3, 2: the cold one left out
        assertThat(e.steadyEpochs()).isEqualTo(3);
        assertThat(BenchDigitnet.Epochs.of(List.of(9.0), 0.5, null).steadySeconds()).isNaN();
    }

    @Test
    void bothMiniBatchWorkloadsTimeEachEpochAfterTheirWarmUp() {
        Dataset sample = DataLoader.embeddedSample();
        Dataset rows = BenchCommand.prefix(sample, 1000), warmUp = BenchCommand.prefix(sample, 200);
        BenchDigitnet.Epochs sgd = BenchDigitnet.miniBatch(rows, warmUp, 4, 0.1);
        assertThat(sgd.steadyEpochs()).isEqualTo(3);
        assertThat(sgd.firstSeconds()).isPositive();
        assertThat(sgd.steadySeconds()).isPositive();
        assertThat(sgd.accuracy()).isGreaterThan(0.5);
        Dataset dense = BenchDigitnet.inverted(rows);
        BenchDigitnet.Epochs adam = BenchDigitnet.denseMiniBatch(dense, BenchCommand.prefix(dense, 200), 5);
        assertThat(adam.steadyEpochs()).isEqualTo(4);
        assertThat(adam.steadySeconds()).isPositive();
    }

    @Test
    void everyInterpreterRunsAndEachLineIsNamedByItsBuildAndTheOutputGoesToTheFileToo() throws Exception {
        Fakes f = fakes();
        Path file = tmp.resolve("results/sub/bench.txt");     // its directories do not exist yet
        Cli.Result r = Cli.run("bench", "--convnet-only", "--convnet-fraction", "0.002", "--seconds", "0.05", "--threads", "1",
                "--python", f.debian + "," + f.venv + ",/nonexistent/python," + f.debian, "--scripts", f.scripts.toString(),
                "--out", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains(
                "peers: every interpreter tried (" + f.debian + ", " + f.venv + ", /nonexistent/python, " + f.debian + ")",
                "  " + f.debian + " = /usr/bin/python3 (Python 3.11.2): numpy 1.24.2 (Debian; openblas 0.3.21 pthreads);"
                        + " pandas 1.5.3; pytorch 1.13.0a0 (Debian; BLAS generic, oneDNN 2.6.3)",
                "  " + f.venv + " = /opt/torch-venv/bin/python (Python 3.11.7): numpy 2.4.6 (openblas 0.3.31 pthreads);"
                        + " no pandas; pytorch 2.13.0+cpu (BLAS mkl, oneDNN 3.12.0)",
                "  /nonexistent/python: not run (it does not start, or is not a python)",
                "  " + f.debian + ": not run again (the same interpreter as " + f.debian + ")",
                "pytorch 1.13.0a0 (Debian), 1 thread", "pytorch 1.13.0a0 (Debian), 2 threads",
                "pytorch 2.13.0+cpu, 1 thread", "pytorch 2.13.0+cpu, 2 threads",
                "(256 images timed and scaled to 60,000)",
                "each side: an untimed warm-up pass over the first 640 images (10 batches, that network thrown away), then"
                        + " one pass of a fresh network timed in 4 parts of about 1 batch;",
                "first: the first part (cold); steady: the median of the other 3")
                .doesNotContain("/nonexistent/python (", "numpy 1.24.2 (Debian) float")
                .doesNotContainPattern("(?i)\\btargets?\\b(?![/-])");
        // the fake 2.13 at 1 thread is the fastest in both figures
        assertThat(out).containsPattern("digitnet, 1 thread +[0-9.]+ s +[0-9.]+ s .*train accuracy [0-9.]+ on 256 images;"
                + " first [0-9.]+x against pytorch 2\\.13\\.0\\+cpu, 1 thread; steady [0-9.]+x against pytorch 2\\.13\\.0\\+cpu,"
                + " 1 thread\n");
        assertThat(out).containsPattern("pytorch 2\\.13\\.0\\+cpu, 2 threads +1,200 images/s");

        String text = Files.readString(file);
        String console = out.substring(0, out.indexOf("written: " + file));
        assertThat(out).endsWith("written: " + file + System.lineSeparator());
        assertThat(text).startsWith("digitnet bench, started 20").endsWith(console)
                .contains("\ncommand: digitnet bench --convnet-only --convnet-fraction 0.002 --seconds 0.05 --threads 1 --python "
                        + f.debian + "," + f.venv + ",/nonexistent/python," + f.debian + " --scripts " + f.scripts + " --out " + file
                        + "\n",
                        "\njava: " + System.getProperty("java.version") + " (", "\ncpu: ", "\ngit commit: ");
        assertThat(text).containsPattern("^digitnet bench, started [0-9-]+T[0-9:]+Z, ended [0-9-]+T[0-9:]+Z\n");
        assertThat(text).containsPattern("\ngit commit: ([0-9a-f]{40}( \\(with uncommitted changes\\))?|unknown)\n");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);         // no temporary file left behind
        }
    }

    @Test
    void anOutFileThatCannotBeWrittenFailsBeforeTheBenchRuns() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        Cli.Result r = Cli.run("bench", "--no-python", "--out", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(r.err()).contains("it is a directory");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theWholeBenchComparesFloat32WithFloat32AndFirstWithFirstAndPrintsNoTargets() throws Exception {
        Fakes f = fakes();
        Cli.Result r = Cli.run("bench", "--job-runs", "1", "--convnet-fraction", "0", "--seconds", "0.05", "--epochs", "2",
                "--threads", "1", "--python", f.debian + "," + f.venv, "--scripts", f.scripts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        // "target" appears only in paths (the child JVM's classpath: target/classes)
        assertThat(out).doesNotContainPattern("(?i)\\btargets?\\b(?![/-])");
        assertThat(out).contains("  " + f.debian + " = /usr/bin/python3 (Python 3.11.2)", "  " + f.venv + " = /opt/torch-venv");
        assertThat(out).contains("note: --epochs 2 raised to 4: the first timed epoch and the median of at least 3 after it");

        // the whole job: every interpreter with pandas, digitnet's loop named for what it measures
        assertThat(out).contains("notebook: " + f.debian + " ", "digitnet (median)", "training loop (after the warm-up thread)",
                "notebook with " + f.debian + " (median)",
                "the notebook's own code: numpy float64 against digitnet's float32")
                .doesNotContain("notebook with " + f.venv);

        // full batch: float64 printed and marked, the ratio against the fastest float32 line only
        assertThat(out).containsPattern("against the fastest notebook: [0-9.]+x as a whole process \\(with " + f.debian
                + "\\), [0-9.]+x in the loop \\(with " + f.debian + "\\)");
        assertThat(out).contains("numpy 1.24.2 (Debian) float64, 1 thread", "numpy 2.4.6 float64, 1 thread",
                "(float64: not like for like)", "numpy 2.4.6 float32, 1 thread", "pytorch 1.13.0a0 (Debian), 2 threads");
        // the rate of the dense formulation: 31,960 FLOPs per row, 9,000 rows in 0.110 ms
        assertThat(out).contains("FLOPs per iteration: 287.6 M (dense formulation; digitnet's sparse first layer does fewer)");
        assertThat(out).containsPattern("numpy 2\\.4\\.6 float64, 1 thread +0\\.110 ms +\\(2614\\.9 GFLOP/s, [0-9]+% of peak\\)"
                + " +accuracy 0\\.500 after 10 iterations \\(float64: not like for like\\)\n");
        assertThat(out).containsPattern("digitnet \\(float32\\), 1 thread +[0-9.]+ ms +\\( *[0-9.]+ GFLOP/s, [0-9]+% of peak\\)"
                + " +accuracy [0-9.]+ after [0-9]+ iterations;"
                + " [0-9.]+x against numpy 2\\.4\\.6 float32, 1 thread \\(the fastest float32 peer\\)\n");
        assertThat(out).doesNotContainPattern("x against numpy [^\n]*float64");

        // both mini-batch workloads: the same warm-up, first against first, steady against steady
        assertThat(out).contains("mini-batch 784-128-10, batch 64, SGD 0.1, 60,000 images: seconds per epoch",
                "mini-batch on dense images (255 - p), 784-128-10, batch 64, Adam 0.001, 60,000 images: seconds per epoch",
                "each side: an untimed warm-up epoch on the first 2,000 rows (that network thrown away), then 4 epochs of a"
                        + " fresh network timed;",
                "first: the first of them (cold); steady: the median of the other 3");
        assertThat(out.split("each side: an untimed warm-up epoch", -1)).hasSize(3);
        // 409,088 FLOPs per image (forward, both weight gradients, the hidden input gradient), 60,000 images in 0.110 s
        assertThat(out).contains("FLOPs per epoch: 24.5 G (dense formulation); GFLOP/s of the steady figure in brackets");
        assertThat(out).containsPattern("pytorch 2\\.13\\.0\\+cpu, 1 thread +1\\.100 s +0\\.110 s +\\(223\\.1 GFLOP/s, [0-9]+% of peak\\)"
                + " +train accuracy 0\\.9000\n");
        assertThat(out.split("\n")).filteredOn(l -> l.startsWith("  digitnet, 1 thread") && l.contains("train accuracy"))
                .hasSize(2).allSatisfy(l -> assertThat(l).matches(" +digitnet, 1 thread +[0-9.]+ s +[0-9.]+ s +\\( *[0-9.]+ GFLOP/s,"
                        + " [0-9]+% of peak\\) +train accuracy"
                        + " [0-9.]+; first [0-9.]+x against pytorch 2\\.13\\.0\\+cpu, 1 thread; steady [0-9.]+x against"
                        + " pytorch 2\\.13\\.0\\+cpu, 1 thread"));
        assertThat(out).contains("inference 784-128-10", "pytorch 1.13.0a0 (Debian), 1 thread", "peak memory");
        // 203,264 FLOPs per image forward, 1,000 images/s
        assertThat(out).containsPattern("1,000 images/s \\(  0\\.2 GFLOP/s, 0% of peak\\) +50\\.0 us per single image");
    }

    /** Two fake interpreters (Debian's python3 with pandas, a venv without) and the fake scripts they run. */
    private record Fakes(Path debian, Path venv, Path scripts) {}

    private Fakes fakes() throws IOException {
        Requirements.require(Files.isExecutable(Path.of("/bin/sh")), "/bin/sh", "a POSIX shell");
        Path scripts = Files.createDirectories(tmp.resolve("scripts"));
        Path debian = python("debian", "{\"executable\": \"/usr/bin/python3\", \"prefix\": \"/usr\", \"python\": \"3.11.2\","
                + " \"numpy\": \"1.24.2\", \"numpy_build\": \"Debian\", \"numpy_blas\": \"openblas 0.3.21 pthreads\","
                + " \"pandas\": \"1.5.3\", \"torch\": \"1.13.0a0\", \"torch_build\": \"Debian\","
                + " \"torch_blas\": \"BLAS generic, oneDNN 2.6.3\"}", "FAKE_NUMPY=1.24.2 FAKE_TORCH=1.13.0a0 FAKE_BUILD=Debian FAKE_SLOW=2");
        Path venv = python("venv", "{\"executable\": \"/opt/torch-venv/bin/python\", \"prefix\": \"/opt/torch-venv\","
                + " \"python\": \"3.11.7\", \"numpy\": \"2.4.6\", \"numpy_build\": \"\", \"numpy_blas\": \"openblas 0.3.31 pthreads\","
                + " \"torch\": \"2.13.0+cpu\", \"torch_build\": \"\", \"torch_blas\": \"BLAS mkl, oneDNN 3.12.0\"}",
                "FAKE_NUMPY=2.4.6 FAKE_TORCH=2.13.0+cpu FAKE_BUILD= FAKE_SLOW=1");
        // numpy: float64 fastest of all (0.1N ms) but never compared; float32 1N.T ms; N: 2 Debian, 1 venv; T: threads
        Files.writeString(scripts.resolve("bench_numpy.py"), String.join("\n",
                "t=$OPENBLAS_NUM_THREADS",
                "if [ \"$4\" = float64 ]; then ms=0.$FAKE_SLOW$t; else ms=1$FAKE_SLOW.$t; fi",
                "echo \"{\\\"peer\\\": \\\"numpy\\\", \\\"dtype\\\": \\\"$4\\\", \\\"threads\\\": $t, \\\"version\\\": \\\"$FAKE_NUMPY\\\","
                        + " \\\"build\\\": \\\"$FAKE_BUILD\\\", \\\"rows\\\": $2, \\\"ms_per_iteration\\\": $ms,"
                        + " \\\"iterations\\\": 10, \\\"accuracy\\\": 0.5}\"", ""));
        // pytorch: N.T seconds first, 0.NT steady; N: 2 Debian, 1 venv; T: threads
        Files.writeString(scripts.resolve("bench_torch.py"), String.join("\n",
                "t=$OPENBLAS_NUM_THREADS; w=notebook,minibatch",
                "while [ $# -gt 0 ]; do if [ \"$1\" = --workloads ]; then w=$2; fi; shift; done",
                "s=$FAKE_SLOW.$t; h=0.$FAKE_SLOW$t",
                "emit() { echo \"{\\\"peer\\\": \\\"pytorch\\\", \\\"version\\\": \\\"$FAKE_TORCH\\\", \\\"build\\\": \\\"$FAKE_BUILD\\\","
                        + " \\\"threads\\\": $t, $1}\"; }",
                "case \",$w,\" in *,notebook,*)",
                "  emit '\"workload\": \"notebook\", \"rows\": 9000, \"ms_per_iteration\": 50, \"iterations\": 13, \"accuracy\": 0.5'",
                "  emit '\"workload\": \"notebook\", \"rows\": 41000, \"ms_per_iteration\": 90, \"iterations\": 13, \"accuracy\": 0.5';;",
                "esac",
                "for x in minibatch dense; do case \",$w,\" in *,$x,*)",
                "  emit \"\\\"workload\\\": \\\"$x\\\", \\\"first_epoch_seconds\\\": $s, \\\"steady_epoch_seconds\\\": $h,"
                        + " \\\"accuracy\\\": 0.9\";;",
                "esac; done",
                "case \",$w,\" in *,minibatch,*)",
                "  emit '\"workload\": \"inference\", \"images_per_second_batch1000\": 1000, \"single_image_us\": 50';;",
                "esac",
                "case \",$w,\" in *,convnet,*)",
                "  emit \"\\\"workload\\\": \\\"convnet\\\", \\\"images\\\": 256, \\\"seconds_per_epoch\\\": 1$s,"
                        + " \\\"first_part_seconds_per_epoch\\\": 2$s, \\\"steady_seconds_per_epoch\\\": 1$s,"
                        + " \\\"cpu_seconds_per_epoch\\\": 3, \\\"accuracy\\\": 0.2\"",
                "  emit '\"workload\": \"convnet_inference\", \"images_per_second_batch1000\": 1200';;",
                "esac", ""));
        Files.writeString(scripts.resolve("notebook_job.py"), "echo '{\"peer\": \"notebook (pandas + numpy float64)\","
                + " \"version\": \"1.24.2\", \"loop_seconds\": 1.5}'\n");
        return new Fakes(debian, venv, scripts);
    }

    // an executable that answers BenchPython's probe with `probe` and runs any script with /bin/sh and `env`
    private Path python(String name, String probe, String env) throws IOException {
        Path p = tmp.resolve(name + "-python");
        Files.writeString(p, String.join("\n", "#!/bin/sh",
                "if [ \"$1\" = -c ]; then echo '" + probe + "'; exit 0; fi",
                "export " + env,
                "exec /bin/sh \"$@\"", ""), StandardCharsets.UTF_8);
        assertThat(p.toFile().setExecutable(true)).isTrue();
        return p;
    }
}
