package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.nn.Buffer;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.Shape;
import digitnet.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files of layer-list networks: PyTorch's names, shapes and dtypes, and every new field checked on load. */
class CnnModelFileTest {
    static final String LAYERS = "conv:4:3:1:1,batchnorm,relu,maxpool:2,conv:6:3,relu,flatten,dropout:0.25,linear:10";
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    static Network trainedOnce() {
        LayerList list = LayerList.of(Shape.image(8, 8), LayerListSyntax.parse(LAYERS), 10);
        Network n = Network.initialised(Architecture.of(list), Init.HE, 4);
        Tensor x = new Tensor(6, 64);
        Random r = new Random(2);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = r.nextFloat();
        }
        n.forward(x, true);    // moves the running statistics and counts one batch
        return n;
    }

    static ModelInfo info(Network n) {
        return new ModelInfo(n.architecture(), 8, 8, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.none(), Map.of());
    }

    Path saved(Network n) {
        Path file = dir.resolve("cnn.safetensors");
        ModelFile.save(file, n, info(n), Map.of());
        return file;
    }

    @Test
    void roundTripKeepsWeightsRunningStatisticsAndTheList() {
        Network n = trainedOnce();
        ModelFile.Loaded loaded = ModelFile.load(saved(n));
        assertThat(loaded.network().architecture()).isEqualTo(n.architecture());
        assertThat(loaded.network().architecture().layers().tokens()).isEqualTo(LAYERS);
        for (int i = 0; i < n.parameters().size(); i++) {
            Parameter want = n.parameters().get(i), got = loaded.network().parameters().get(i);
            assertThat(got.value().data).containsExactly(want.value().data);
        }
        for (int i = 0; i < n.buffers().size(); i++) {
            Buffer want = n.buffers().get(i), got = loaded.network().buffers().get(i);
            assertThat(got.value().data).as(got.name()).containsExactly(want.value().data);
        }
        assertThat(n.buffers().get(2).value().data[0]).isEqualTo(1f);
        Tensor x = new Tensor(3, 64);
        Arrays.fill(x.data, 0.5f);
        assertThat(loaded.network().forward(x, false).copy().data).containsExactly(n.forward(x, false).copy().data);
    }

    @Test
    void headerHasPyTorchShapesAndAnInt64Count() throws Exception {
        JsonNode header = header(Files.readAllBytes(saved(trainedOnce())));
        assertThat(header.get("0.weight").get("shape").toString()).isEqualTo("[4,1,3,3]");
        assertThat(header.get("0.bias").get("shape").toString()).isEqualTo("[4]");
        assertThat(header.get("1.weight").get("shape").toString()).isEqualTo("[4]");
        assertThat(header.get("1.running_var").get("shape").toString()).isEqualTo("[4]");
        assertThat(header.get("1.num_batches_tracked").get("shape").toString()).isEqualTo("[]");
        assertThat(header.get("1.num_batches_tracked").get("dtype").asText()).isEqualTo("I64");
        assertThat(header.get("4.weight").get("shape").toString()).isEqualTo("[6,4,3,3]");
        assertThat(header.get("8.weight").get("shape").toString()).isEqualTo("[10,24]");   // dropout at 7 is counted
        JsonNode arch = JSON.readTree(header.get("__metadata__").get("architecture").asText());
        assertThat(arch.toString()).isEqualTo("{\"inputs\":64,\"input_shape\":[1,8,8],\"layers\":\"" + LAYERS
                + "\",\"classes\":10,\"output\":\"softmax\"}");
    }

    @Test
    void refusesALayerListThatCannotWork() throws Exception {
        assertRefused(arch("conv:4:9,flatten,linear:10", "[1,8,8]", 64),
                "field __metadata__.architecture.layers: layer 1 of 3 'conv:4:9' (input 1x8x8): kernel 9x9 is larger than its input 1x8x8");
        assertRefused(arch("conv:4:3,tanh,flatten,linear:10", "[1,8,8]", 64),
                "field __metadata__.architecture.layers: layer 2 of 4 'tanh': unknown item");
    }

    @Test
    void refusesAnInputShapeThatDisagrees() throws Exception {
        assertRefused(arch(LAYERS, "[1,8,9]", 64), "field __metadata__.architecture.input_shape 1x8x9 has 72 elements but inputs is 64");
        assertRefused(arch(LAYERS, "[1,8]", 64), "field __metadata__.architecture.input_shape is [1, 8]; expected [channels, height, width]");
        assertRefused(arch("flatten,linear:10", "[4,4,4]", 64), "field __metadata__.architecture.input_shape 4x4x4 is not that of the input images, 1x8x8");
    }

    @Test
    void refusesFieldsOfTheOtherForm() throws Exception {
        String withHidden = "{\"inputs\":64,\"input_shape\":[1,8,8],\"layers\":\"" + LAYERS
                + "\",\"hidden\":[4],\"classes\":10,\"output\":\"softmax\"}";
        assertRefused(rewritten(withHidden),  "field __metadata__.architecture.hidden is not one this digitnet knows with a layer list");
    }

    @Test
    void refusesACountOutOfRangeAndANegativeVariance() throws Exception {
        Network n = trainedOnce();
        n.buffers().get(1).value().data[2] = -1f;      // 1.running_var
        Path file = dir.resolve("var.safetensors");
        ModelFile.save(file, n, info(n), Map.of());
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("tensor 1.running_var holds -1.0 at index 2 (a variance is finite and not negative)");
        Network m = trainedOnce();
        m.buffers().get(2).value().data[0] = Buffer.MAX_COUNT + 1000f;
        Path file2 = dir.resolve("count.safetensors");
        ModelFile.save(file2, m, info(m), Map.of());
        assertThatThrownBy(() -> ModelFile.load(file2)).isInstanceOf(InputException.class)
                .hasMessageContaining("tensor 1.num_batches_tracked holds 16778216; a batch count is 0..16777216");
    }

    private String arch(String layers, String shape, int inputs) {
        return "{\"inputs\":" + inputs + ",\"input_shape\":" + shape + ",\"layers\":\"" + layers
                + "\",\"classes\":10,\"output\":\"softmax\"}";
    }

    private void assertRefused(String architecture, String message) throws Exception {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, rewritten(architecture));
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InputException.class).hasMessageContaining(message);
    }

    private void assertRefused(byte[] bytes, String message) throws Exception {
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InputException.class).hasMessageContaining(message);
    }

    // a saved CNN model with its architecture metadata replaced, checksums recomputed
    private byte[] rewritten(String architectureJson) throws Exception {
        byte[] model = Files.readAllBytes(saved(trainedOnce()));
        int n = (int) ByteBuffer.wrap(model, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) header(model);
        ((ObjectNode) header.get("__metadata__")).put("architecture", architectureJson);
        byte[] text = JSON.writeValueAsBytes(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(text.length).array());
        out.write(text);
        out.write(Arrays.copyOfRange(model, 8 + n, model.length));
        return ModelFileFuzzTest.reseal(out.toByteArray());
    }

    static JsonNode header(byte[] bytes) throws Exception {
        int n = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return JSON.readTree(new String(bytes, 8, n, StandardCharsets.UTF_8));
    }
}
