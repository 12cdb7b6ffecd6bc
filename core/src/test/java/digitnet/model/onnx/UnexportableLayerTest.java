package digitnet.model.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import digitnet.model.ModelInfo;
import digitnet.nn.Layer;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.Shape;
import digitnet.tensor.Tensor;
import digitnet.testing.Fixtures;
import digitnet.train.TrainingRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer without an ONNX form stops the export with one line naming it, before any file is written. */
class UnexportableLayerTest {
    @TempDir Path dir;

    /** A layer digitnet's exporter does not know. */
    static final class Mystery implements Layer {
        @Override
        public Tensor forward(Tensor x, boolean training) {
            return x;
        }

        @Override
        public Tensor backward(Tensor dY) {
            return dY;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }

        @Override
        public Shape inputShape() {
            return Shape.flat(3);
        }

        @Override
        public Shape outputShape() {
            return Shape.flat(3);
        }

        @Override
        public String kind() {
            return "mystery";
        }
    }

    @Test
    void theMessageNamesTheFileAndTheLayerAndNoFileIsLeft() {
        Network n = Fixtures.tinyNetwork(5);
        List<Layer> layers = new ArrayList<>(n.layers());
        layers.add(2, new Mystery());                          // linear, relu, mystery, linear
        ModelInfo info = new ModelInfo(n.architecture(), 2, 2, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(Map.of(), n.architecture()), Map.of());
        Path onnx = dir.resolve("out.onnx");

        UnexportableModelException e = catchThrowableOfType(UnexportableModelException.class,
                () -> OnnxExport.write(onnx, "tiny.safetensors", layers, n.parameters(), info, Map.of()));

        assertThat(e.getMessage()).startsWith("tiny.safetensors: layer 2 (mystery").contains("no ONNX export")
                .doesNotContain("\n");
        assertThat(onnx).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }
}
