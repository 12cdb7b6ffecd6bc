package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.model.ModelFile;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.tensor.KernelChoice;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user whose JVM lacks the Vector API, or whose CPU has no wide vectors, runs the plain-Java
 * kernels: {@code train} must give them the same model as the vector kernels give, up to float
 * rounding (the two sum in different orders, so the bits may differ; the docs promise the same
 * bits only across thread counts). This JVM trains with the kernels it was started with
 * ({@code -Ddigitnet.kernels}, as {@code .ci/subset} sets it) and a child JVM of the same Java with
 * the other kind; the two models are compared weight by weight and by their dev accuracy.
 */
class KernelKindsTest {

    @Test
    void theKernelsAskedForByTheSystemPropertyAreTheOnesThatRun() {
        String asked = System.getProperty("digitnet.kernels");
        if (asked != null) {
            assertThat(KernelChoice.activeKind()).isEqualTo(asked);
        } else {
            assertThat(KernelChoice.activeKind()).isIn("vector", "scalar");
        }
    }

    @Test
    void vectorAndScalarKernelsTrainTheSameModelUpToRounding(@TempDir Path dir) throws Exception {
        String here = KernelChoice.activeKind();
        String other = here.equals("vector") ? "scalar" : "vector";
        List<String> train = List.of("train", "--seed", "5", "--iterations", "60", "--dev", "1000", "--json", "--quiet");

        Path ours = dir.resolve(here + ".safetensors");
        List<String> args = new ArrayList<>(train);
        args.addAll(List.of("--model", ours.toString()));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();

        Path theirs = dir.resolve(other + ".safetensors");
        String childOut = child(other, train, theirs);

        Network a = ModelFile.load(ours).network(), b = ModelFile.load(theirs).network();
        assertThat(a.parameters()).hasSameSizeAs(b.parameters());
        for (int p = 0; p < a.parameters().size(); p++) {
            Parameter pa = a.parameters().get(p), pb = b.parameters().get(p);
            float[] x = pa.value().data, y = pb.value().data;
            int n = pa.value().rows() * pa.value().cols;
            double worst = 0, scale = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(x[i] - y[i]));
                scale = Math.max(scale, Math.abs(x[i]));
            }
            assertThat(worst).as("%s: largest difference against the largest weight %s (%s vs %s kernels)", pa.name(),
                    scale, here, other).isLessThan(1e-3 * Math.max(1, scale));
        }
        assertThat(devAccuracy(childOut)).as("dev accuracy, %s vs %s kernels", other, here)
                .isCloseTo(devAccuracy(r.out()), org.assertj.core.data.Offset.offset(0.002));
    }

    // the summary's field of train --json (its one JSON object)
    private static double devAccuracy(String out) throws IOException {
        JsonNode summary = new ObjectMapper().readTree(out.substring(out.indexOf('{')));
        assertThat(summary.path("devAccuracy").isNumber()).as("a devAccuracy in %s", out).isTrue();
        return summary.get("devAccuracy").asDouble();
    }

    // the same training in a child JVM of this Java, with the other kernels
    private static String child(String kernels, List<String> train, Path model) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Ddigitnet.kernels=" + kernels, "-cp", classPath(),
                Main.class.getName()));
        cmd.addAll(train);
        cmd.addAll(List.of("--model", model.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Files.exists(model)).isTrue();
        return out;
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : ManagementFactory.getRuntimeMXBean().getClassPath();
    }
}
