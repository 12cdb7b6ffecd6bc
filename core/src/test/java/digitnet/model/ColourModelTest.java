package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Batcher;
import digitnet.data.Dataset;
import digitnet.data.folder.FolderReader;
import digitnet.data.folder.FolderSettings;
import digitnet.model.onnx.OnnxExport;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.nn.Shape;
import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;
import digitnet.testing.Fixtures;
import digitnet.testing.OnnxRun;
import digitnet.testing.PictureFolders;
import digitnet.testing.Python;
import digitnet.train.TrainingRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A colour model (3 x 16 x 16 pictures from a folder, classes named by their folders): the model file
 * keeps channels and names, ONNX Runtime and PyTorch (scripts/load_with_pytorch.py) give its numbers.
 */
class ColourModelTest {
    static final List<String> NAMES = List.of("blue-disc", "blue-square", "red-disc", "red-square");
    @TempDir static Path dir;
    static Dataset pictures;
    static Network network;
    static Path model;

    @BeforeAll
    static void colourNetwork() {
        PictureFolders.write(dir.resolve("shapes"), new String[] {"red-square", "red-disc", "blue-square", "blue-disc"},
                5, 16, 1);
        pictures = FolderReader.read(dir.resolve("shapes"), new FolderSettings(0, 0, 0, false, 2), null, null).train();
        LayerList list = LayerList.of(Shape.of(3, 16, 16), LayerListSyntax.parse(
                "conv:4:3:1:1,batchnorm,relu,maxpool:2,flatten,linear:8,relu,linear:4"), 4);
        network = Network.initialised(Architecture.of(list), Init.HE, 3);
        Tensor x = new Tensor(pictures.count(), pictures.features());
        Batcher.fill(pictures, null, 0, pictures.count(), x, null);
        network.forward(x, true);            // moves the batch norm's running statistics off their start
        model = dir.resolve("colour.safetensors");
        ModelFile.save(model, network, new ModelInfo(network.architecture(), 3, 16, 16, pictures.names(),
                TrainingRecord.none(), Map.of()), Map.of());
    }

    /** The safetensors JSON header as text (the metadata's values are JSON strings within it, quotes escaped). */
    private static String header(Path file) throws java.io.IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    }

    private static float[] probabilities(Network n, Dataset d) {
        float[] p = new float[d.count() * d.classes()];
        new Predictor(n).predict(d, new int[d.count()], p);
        return p;
    }

    @Test
    void theModelFileKeepsChannelsAndClassNames() throws Exception {
        assertThat(pictures.shape()).isEqualTo("3x16x16");
        ModelFile.Loaded loaded = ModelFile.load(model);
        assertThat(loaded.info().channels()).isEqualTo(3);
        assertThat(loaded.info().classLabels()).isEqualTo(NAMES);
        assertThat(loaded.network().architecture().layers().input()).isEqualTo(Shape.of(3, 16, 16));
        assertThat(probabilities(loaded.network(), pictures)).containsExactly(probabilities(network, pictures));
        assertThat(header(model)).contains("\\\"channels\\\":3,\\\"height\\\":16");
    }

    @Test
    void aGreyModelFileIsWrittenAsBeforeAndLoadsAsOneChannel() throws Exception {
        Path grey = Fixtures.tinyModel(dir.resolve("grey.safetensors"), 2);
        assertThat(header(grey)).contains("\\\"height\\\":2").doesNotContain("channels");
        ModelInfo info = ModelFile.load(grey).info();
        assertThat(info.channels()).isEqualTo(1);
        assertThat(info.classLabels()).isEqualTo(ModelInfo.numberedLabels(10));
    }

    @Test
    void onnxRuntimeGivesTheSameProbabilitiesFromRawChannelMajorPixels() throws Exception {
        Path onnx = dir.resolve("colour.onnx");
        OnnxExport.Written w = OnnxExport.write(model, onnx);
        assertThat(w.inputs()).isEqualTo(3 * 16 * 16);
        float[] expected = probabilities(network, pictures);
        try (OnnxRun run = new OnnxRun(Files.readAllBytes(onnx))) {
            float[][] got = run.probabilities(pictures);
            for (int i = 0; i < pictures.count(); i++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(got[i][c]).as("picture %d class %d", i, c).isCloseTo(expected[i * 4 + c], within(1e-5f));
                }
            }
        }
    }

    @Test
    void pytorchLoadsTheColourModelAndGivesTheSameLogitsAndNames() throws Exception {
        String python = Python.interpreterWith("torch");
        Path csv = Fixtures.writeCsv(pictures, dir.resolve("pictures.csv"), true);
        Process p = new ProcessBuilder(python, "../scripts/load_with_pytorch.py", model.toString(), csv.toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
        Tensor x = new Tensor(pictures.count(), pictures.features());
        Batcher.fill(pictures, null, 0, pictures.count(), x, null);
        Tensor logits = network.forward(x, false);
        assertThat(lines).hasSize(pictures.count());
        for (int i = 0; i < pictures.count(); i++) {
            String[] cells = lines.get(i).split(" ");
            assertThat(cells[0]).isEqualTo(NAMES.get(Ops.argmaxRow(logits, i)));
            for (int c = 0; c < 4; c++) {
                assertThat(Double.parseDouble(cells[1 + c])).isCloseTo(logits.get(i, c), within(1e-4));
            }
        }
        assertThat(Files.readString(csv, StandardCharsets.UTF_8).lines().findFirst().orElseThrow()).endsWith("pixel767");
    }
}
