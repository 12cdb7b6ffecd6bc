package digitnet.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.Fixtures;
import digitnet.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX project's own checker (Python package {@code onnx}, Debian's python3-onnx) accepts an
 * exported model (a small perceptron, and a convnet of every layer kind with one node run per layer):
 * format, operator schemas, strict shape inference. Without the package: skipped
 * locally, failed in CI ({@link Requirements}).
 */
class OnnxCheckerTest {
    @TempDir Path dir;

    @Test
    void theOnnxCheckerAcceptsAnExportedModel() throws Exception {
        String python = interpreterWith("onnx");
        Path model = Fixtures.tinyModel(dir.resolve("tiny.safetensors"), 2);
        Path onnx = dir.resolve("tiny.onnx");
        OnnxExport.write(model, onnx);

        List<String> lines = check(python, onnx);

        assertThat(lines).contains("ir_version 8", "opset ai.onnx:17", "input pixels 1 ['n', 4]",
                "output probabilities 1 ['n', 10]", "nodes Mul Gemm Relu Gemm Softmax");
        assertThat(lines).anyMatch(l -> l.startsWith("metadata format format_version architecture"));
    }

    @Test
    void aConvnetsGraphHasOneNodeRunPerLayerAndTheLayerListInItsMetadata() throws Exception {
        String python = interpreterWith("onnx");
        Path model = CnnExportTest.cnnModel(dir.resolve("cnn.safetensors"), Fixtures.sample(100));
        Path onnx = dir.resolve("cnn.onnx");
        OnnxExport.write(model, onnx);

        List<String> lines = check(python, onnx);

        assertThat(lines).contains("input pixels 1 ['n', 784]", "output probabilities 1 ['n', 10]",
                "nodes Mul Reshape Conv BatchNormalization Relu MaxPool Conv Relu AveragePool Flatten Gemm "
                        + "BatchNormalization Relu Gemm Softmax");
        assertThat(OnnxExport.readMetadata(model).get("architecture")).contains("conv:4:3:1:1");
    }

    static List<String> check(String python, Path onnx) throws Exception {
        Process p = new ProcessBuilder(python, "../scripts/check_onnx.py", onnx.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    /** The first of python3 and /usr/bin/python3 that imports {@code module}; stops the test if none. */
    static String interpreterWith(String module) throws InterruptedException {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // this interpreter is not installed: try the next
            }
        }
        Requirements.require(false, "python3 with the " + module + " package", "apt-get install python3-onnx");
        return null;
    }
}
