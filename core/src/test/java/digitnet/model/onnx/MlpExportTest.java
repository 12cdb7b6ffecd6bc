package digitnet.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.nn.Predictor;
import digitnet.testing.Agreement;
import digitnet.testing.Fixtures;
import digitnet.testing.OnnxRun;
import digitnet.testing.SmallModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exported MLPs run in ONNX Runtime and give digitnet's probabilities. */
class MlpExportTest {
    @TempDir Path dir;

    @Test
    void aTrainedMlpGivesDigitnetsProbabilitiesInOnnxRuntime() throws Exception {
        SmallModel small = SmallModel.get();
        Path onnx = dir.resolve("small.onnx");
        OnnxExport.write(small.file, onnx);
        Dataset rows = Fixtures.sample(500);

        Agreement a = compare(Files.readAllBytes(onnx), small.loaded, rows);

        a.requireIssueBar();
        assertThat(a.argmaxAgreement()).isEqualTo(1.0);
    }

    @Test
    void twoHiddenLayersOnTwoByTwoImagesAgreeToo() throws Exception {
        Path model = Fixtures.tinyModel(dir.resolve("tiny.safetensors"), 7);
        Path onnx = dir.resolve("tiny.onnx");
        OnnxExport.write(model, onnx);
        Dataset rows = Fixtures.sample(300);
        byte[] px = new byte[rows.count() * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = rows.pixels()[(i / 4) * 784 + 14 * 28 + 12 + i % 4];   // 4 pixels across the middle: ink and background
        }
        Dataset tiny = new Dataset(px, null, rows.count(), 2, 2, 10, "2x2");

        compare(Files.readAllBytes(onnx), ModelFile.load(model), tiny).requireIssueBar();
    }

    @Test
    void inputAndOutputAreNamedAndShapedAsDocumented() throws Exception {
        SmallModel small = SmallModel.get();
        Path onnx = dir.resolve("small.onnx");
        OnnxExport.write(small.file, onnx);
        try (OnnxRun run = new OnnxRun(Files.readAllBytes(onnx))) {
            Map<String, NodeInfo> in = run.session.getInputInfo();
            Map<String, NodeInfo> out = run.session.getOutputInfo();
            assertThat(in).containsOnlyKeys("pixels");
            assertThat(out).containsOnlyKeys("probabilities");
            TensorInfo x = (TensorInfo) in.get("pixels").getInfo();
            TensorInfo p = (TensorInfo) out.get("probabilities").getInfo();
            assertThat(x.type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(x.getShape()).containsExactly(-1, 784);         // -1: the batch size is free
            assertThat(p.type).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(p.getShape()).containsExactly(-1, 10);
            assertThat(run.probabilities(Fixtures.sample(1))).hasDimensions(1, 10);
            assertThat(run.probabilities(Fixtures.sample(37))).hasDimensions(37, 10);
        }
    }

    @Test
    void metadataPropsHoldTheModelFilesMetadata() throws Exception {
        SmallModel small = SmallModel.get();
        Path onnx = dir.resolve("small.onnx");
        OnnxExport.write(small.file, onnx);
        try (OnnxRun run = new OnnxRun(Files.readAllBytes(onnx))) {
            var meta = run.session.getMetadata();
            Map<String, String> props = meta.getCustomMetadata();
            assertThat(props).containsKeys("format", "format_version", "architecture", "input", "class_labels",
                    "training", "metrics", "data_sha256", "file_sha256");
            assertThat(props).isEqualTo(OnnxExport.readMetadata(small.file));
            assertThat(props.get("class_labels")).isEqualTo("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]");
            assertThat(props.get("architecture")).contains("\"hidden\":[32]");
            assertThat(meta.getProducerName()).isEqualTo("digitnet");
            assertThat(meta.getGraphName()).isEqualTo("digitnet");
        }
    }

    @Test
    void theSameModelGivesTheSameBytes() throws Exception {
        SmallModel small = SmallModel.get();
        OnnxExport.write(small.file, dir.resolve("a.onnx"));
        OnnxExport.write(small.file, dir.resolve("b.onnx"));
        assertThat(Files.readAllBytes(dir.resolve("a.onnx"))).isEqualTo(Files.readAllBytes(dir.resolve("b.onnx")));
    }

    /** ONNX Runtime's probabilities against digitnet's own predictions on the same rows. */
    static Agreement compare(byte[] onnx, ModelFile.Loaded model, Dataset rows) throws Exception {
        int k = model.info().architecture().classes();
        int[] predicted = new int[rows.count()];
        float[] probs = new float[rows.count() * k];
        new Predictor(model.network()).predict(rows, predicted, probs);
        try (OnnxRun run = new OnnxRun(onnx)) {
            return Agreement.of(run.probabilities(rows), predicted, probs);
        }
    }
}
