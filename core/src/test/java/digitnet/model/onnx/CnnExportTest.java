package digitnet.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Batcher;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.BatchNorm;
import digitnet.nn.Init;
import digitnet.nn.Layer;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.tensor.Tensor;
import digitnet.testing.Fixtures;
import digitnet.train.TrainingRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network of every layer kind, built from a layer list, with running statistics gathered in
 * training mode and saved as a model file, gives digitnet's probabilities in ONNX Runtime.
 */
class CnnExportTest {
    /** conv with padding and with stride, batch norm over channels and over features, both poolings. */
    static final String LAYERS = "conv:4:3:1:1,batchnorm,relu,maxpool:2,conv:6:3:2:1,relu,avgpool:2,flatten,"
            + "dropout:0.25,linear:16,batchnorm,relu,linear:10";

    @TempDir Path dir;

    @Test
    void everyLayerKindAgreesWithDigitnetInOnnxRuntime() throws Exception {
        Dataset rows = Fixtures.sample(300);
        Path model = cnnModel(dir.resolve("cnn.safetensors"), rows);
        Path onnx = dir.resolve("cnn.onnx");

        OnnxExport.write(model, onnx);

        MlpExportTest.compare(Files.readAllBytes(onnx), ModelFile.load(model), rows).requireIssueBar();
    }

    /** The network of {@link #LAYERS} with He weights and batch-norm statistics of {@code rows}, saved. */
    static Path cnnModel(Path file, Dataset rows) {
        LayerList list = LayerList.of(Shape.image(28, 28), LayerListSyntax.parse(LAYERS), 10);
        Network network = Network.create(list);
        network.initialise(Init.HE, new Random(3));
        gatherRunningStatistics(network, rows);
        ModelInfo info = new ModelInfo(network.architecture(), 28, 28, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(Map.of(), network.architecture()), Map.of());
        ModelFile.save(file, network, info, Map.of());
        return file;
    }

    /** Forward passes in training mode move batch norm's running mean and variance away from 0 and 1. */
    static void gatherRunningStatistics(Network network, Dataset rows) {
        network.setNoise(new Random(4));
        int batch = 50;
        Tensor x = new Tensor(batch, rows.features());
        for (int from = 0; from + batch <= rows.count(); from += batch) {
            Batcher.fill(rows, null, from, batch, x, null);
            network.forward(x, true);
        }
        for (Layer l : network.layers()) {
            if (l instanceof BatchNorm bn) {
                assertThat(bn.runningMean().data[0]).isNotZero();
                assertThat(bn.runningVar().data[0]).isNotEqualTo(1f);
            }
        }
    }
}
