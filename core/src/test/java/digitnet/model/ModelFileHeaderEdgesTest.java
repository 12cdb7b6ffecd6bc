package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitnet.data.InputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The boundaries of the model file's checks, on the committed seed models with one header field
 * or data byte changed and both checksums recomputed, so that the check behind them is reached:
 * each file either loads or is refused with the byte and the field named.
 */
class ModelFileHeaderEdgesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MLP = "tiny-8x8-4-10-model";            // 0.weight [4, 64] at 0..1024, ..., 2.bias [10] at 1200..1240
    static final String CNN = "tiny-8x8-conv-batchnorm-model";  // ..., 1.running_var [2] at 1424..1432, 1.num_batches_tracked I64 at 1432..1440

    @TempDir Path dir;

    static byte[] seed(String name) throws Exception {
        return Files.readAllBytes(Path.of(ModelFileHeaderEdgesTest.class.getResource("ModelFileFuzzTestInputs/load/" + name).toURI()));
    }

    static int headerLength(byte[] file) {
        return (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The seed with its header changed by {@code header} and its data section changed by {@code data}, resealed. */
    static byte[] rewritten(String seedName, Consumer<ObjectNode> header, Consumer<ByteArrayOutputStream> data) throws Exception {
        byte[] seed = seed(seedName);
        int n = headerLength(seed);
        ObjectNode root = (ObjectNode) JSON.readTree(new String(seed, 8, n, StandardCharsets.UTF_8));
        header.accept(root);
        byte[] text = JSON.writeValueAsBytes(root);
        ByteArrayOutputStream section = new ByteArrayOutputStream();
        section.write(seed, 8 + n, seed.length - 8 - n);
        data.accept(section);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(text.length).array());
        out.write(text);
        out.write(section.toByteArray());
        return ModelFileFuzzTest.reseal(out.toByteArray());
    }

    static byte[] withHeader(String seedName, Consumer<ObjectNode> header) throws Exception {
        return rewritten(seedName, header, data -> {});
    }

    static ObjectNode tensor(ObjectNode root, String name) {
        return (ObjectNode) root.get(name);
    }

    static void setLongs(ObjectNode tensor, String field, long... values) {
        ArrayNode a = tensor.putArray(field);
        for (long v : values) {
            a.add(v);
        }
    }

    static void setArchitecture(ObjectNode root, String key, String value) throws Exception {
        ObjectNode meta = (ObjectNode) root.get("__metadata__");
        ObjectNode arch = (ObjectNode) JSON.readTree(meta.get("architecture").asText());
        arch.put(key, value);
        meta.put("architecture", JSON.writeValueAsString(arch));
    }

    /** Data offset where a tensor's data starts in the whole file. */
    static long dataStart(byte[] file) {
        return 8L + headerLength(file);
    }

    Path write(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("m.safetensors"), bytes);
    }

    void assertRefused(byte[] bytes, String message) throws Exception {
        Path file = write(bytes);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InputException.class).hasMessage(file + ": " + message);
    }

    @Test
    void anEightByteFileHasALengthThatFitsNothing() throws Exception {
        byte[] eight = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(2).array();
        assertRefused(eight, "byte 0: header length 2 does not fit a file of 8 bytes (truncated or not a safetensors file)");
        assertRefused(Arrays.copyOf(eight, 7), "byte 0: truncated: 7 bytes, shorter than the 8-byte header length");
    }

    @Test
    void theSmallestHeaderIsReadAsJson() throws Exception {
        byte[] two = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).putLong(2).put((byte) '{').put((byte) '}').array();
        assertRefused(two, "byte 8: header has no __metadata__: not a digitnet model (field __metadata__)");
        byte[] one = ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).putLong(1).put((byte) '7').array();
        assertRefused(one, "byte 0: header length 1 does not fit a file of 9 bytes (truncated or not a safetensors file)");
    }

    @Test
    void aHeaderWithNoDataSectionIsRefusedForItsWeights() throws Exception {
        byte[] seed = seed(MLP);
        byte[] headerOnly = ModelFileFuzzTest.reseal(Arrays.copyOf(seed, 8 + headerLength(seed)));
        assertRefused(headerOnly, "byte 8: field __metadata__.architecture: a 64-4-10 network needs 1240 bytes of weights"
                + " but the data section holds only 0");
    }

    @Test
    void theWeightsAnArchitectureNeedsAreCountedExactly() throws Exception {
        // 64-300-20-10: (64 x 300 + 300) + (300 x 20 + 20) + (20 x 10 + 10) = 25,730 floats
        byte[] big = withHeader(MLP, root -> ((ObjectNode) root.get("__metadata__")).put("architecture",
                "{\"inputs\":64,\"hidden\":[300,20],\"classes\":10,\"hidden_activation\":\"relu\",\"output\":\"softmax\"}"));
        assertRefused(big, "byte 8: field __metadata__.architecture: a 64-300-20-10 network needs 102920 bytes of weights"
                + " but the data section holds only 1240");
    }

    @Test
    void onlyASoftmaxOutputAndReluHiddenLayersAreKnown() throws Exception {
        assertRefused(withHeader(MLP, root -> uncheck(() -> setArchitecture(root, "output", "sigmoid"))),
                "byte 8: field __metadata__.architecture.output is \"sigmoid\"; this digitnet knows only 'softmax'");
        assertRefused(withHeader(MLP, root -> uncheck(() -> setArchitecture(root, "hidden_activation", "tanh"))),
                "byte 8: field __metadata__.architecture.hidden_activation is \"tanh\"; this digitnet knows only 'relu'");
        assertRefused(withHeader(MLP, root -> uncheck(() -> setArchitecture(root, "kernel", "3"))),
                "byte 8: field __metadata__.architecture.kernel is not one this digitnet knows with hidden sizes");
    }

    @Test
    void anInputShapeMustBePositiveInEveryDimension() throws Exception {
        byte[] zero = withHeader(CNN, root -> {
            ObjectNode meta = (ObjectNode) root.get("__metadata__");
            meta.put("architecture", meta.get("architecture").asText().replace("[1,8,8]", "[0,8,8]"));
        });
        assertRefused(zero, "byte 8: field __metadata__.architecture.input_shape is [0, 8, 8]; expected [channels, height,"
                + " width], each positive");
        byte[] huge = withHeader(CNN, root -> {
            ObjectNode meta = (ObjectNode) root.get("__metadata__");
            meta.put("architecture", meta.get("architecture").asText().replace("[1,8,8]", "[1,8," + (digitnet.nn.Shape.MAX_SIZE + 1) + "]"));
        });
        assertThatThrownBy(() -> ModelFile.load(write(huge))).isInstanceOf(InputException.class)
                .hasMessageContaining("field __metadata__.architecture.input_shape is [1, 8, " + (digitnet.nn.Shape.MAX_SIZE + 1) + "]");
    }

    @Test
    void emptyDataOffsetsAreCheckedAgainstTheShape() throws Exception {
        assertRefused(withHeader(MLP, root -> setLongs(tensor(root, "0.bias"), "data_offsets", 1024, 1024)),
                "byte 8: tensor 0.bias of shape [4] needs 16 bytes but data_offsets give 0");
        assertRefused(withHeader(MLP, root -> setLongs(tensor(root, "0.bias"), "data_offsets", 1024, 1020)),
                "byte 8: tensor 0.bias has data_offsets [1024, 1020] outside the data section of 1240 bytes");
    }

    @Test
    void aZeroDimensionIsAShapeThatIsNotTheArchitecturesOne() throws Exception {
        byte[] zero = withHeader(MLP, root -> {
            setLongs(tensor(root, "0.bias"), "shape", 0, 4);
            setLongs(tensor(root, "0.bias"), "data_offsets", 1024, 1024);
        });
        assertRefused(zero, "byte 8: tensor 0.bias has shape [0, 4] but the architecture 64-4-10 needs [4]");
    }

    @Test
    void aShapeWhoseSizePassesAGigabyteIsBad() throws Exception {
        assertRefused(withHeader(MLP, root -> setLongs(tensor(root, "0.bias"), "shape", 1L << 30, 1L << 30)),
                "byte 8: tensor 0.bias has a bad shape [1073741824, 1073741824]");
        assertRefused(withHeader(MLP, root -> setLongs(tensor(root, "0.bias"), "shape", -4)),
                "byte 8: tensor 0.bias has a bad shape [-4]");
    }

    @Test
    void shapesHaveAtMostEightDimensions() throws Exception {
        assertRefused(withHeader(MLP, root -> setLongs(tensor(root, "0.bias"), "shape", 1, 1, 1, 1, 1, 1, 1, 4)),
                "byte 8: tensor 0.bias has shape [1, 1, 1, 1, 1, 1, 1, 4] but the architecture 64-4-10 needs [4]");
        assertRefused(withHeader(MLP, root -> setLongs(tensor(root, "0.bias"), "shape", 1, 1, 1, 1, 1, 1, 1, 1, 4)),
                "byte 8: field 0.bias.shape is missing or not a short list of integers");
    }

    /** A checkpoint tensor of {@code shape} after the weights, its floats 1.5 each. */
    static byte[] withCheckpointTensor(long... shape) throws Exception {
        long numel = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return rewritten(MLP, root -> {
            ObjectNode t = root.putObject("optimizer.step");
            t.put("dtype", "F32");
            setLongs(t, "shape", shape);
            setLongs(t, "data_offsets", 1240, 1240 + 4 * numel);
        }, data -> {
            for (int i = 0; i < numel; i++) {
                data.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).array());
            }
        });
    }

    @Test
    void checkpointTensorsAreVectorsOrMatrices() throws Exception {
        assertThat(ModelFile.load(write(withCheckpointTensor(2))).checkpoint().get("optimizer.step").data)
                .startsWith(1.5f, 1.5f);
        assertThat(ModelFile.load(write(withCheckpointTensor(2, 3))).checkpoint().get("optimizer.step").rows())
                .isEqualTo(2);
        assertRefused(withCheckpointTensor(1, 1, 2), "byte 8: unexpected tensor 'optimizer.step' for architecture 64-4-10");
        assertRefused(withCheckpointTensor(), "byte 8: unexpected tensor 'optimizer.step' for architecture 64-4-10");
    }

    @Test
    void tensorsMayBeListedInAnyOrderButMustTileTheData() throws Exception {
        byte[] reordered = withHeader(MLP, root -> {
            Map<String, com.fasterxml.jackson.databind.JsonNode> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
                fields.put(e.getKey(), e.getValue());
            }
            root.removeAll();
            root.set("2.bias", fields.remove("2.bias"));
            root.set("0.bias", fields.remove("0.bias"));
            root.setAll(fields);
        });
        assertThat(ModelFile.load(write(reordered)).network().architecture().toString()).isEqualTo("64-4-10");

        byte[] trailing = rewritten(MLP, root -> {}, data -> data.writeBytes(new byte[4]));
        assertRefused(trailing, "byte " + (dataStart(trailing) + 1240) + ": the data section has 4 bytes that no tensor names");

        byte[] gap = rewritten(MLP, root -> setLongs(tensor(root, "2.bias"), "data_offsets", 1204, 1244),
                data -> data.writeBytes(new byte[4]));
        assertRefused(gap, "byte " + (dataStart(gap) + 1200) + ": tensor data ranges overlap or leave a gap at data offset 1200");
    }

    @Test
    void aNonFiniteWeightIsNamedWithItsByte() throws Exception {
        byte[] nan = rewritten(MLP, root -> {}, data -> {
            byte[] d = data.toByteArray();
            ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putFloat(1024 + 4 * 2, Float.NaN);
            data.reset();
            data.writeBytes(d);
        });
        assertRefused(nan, "byte " + (dataStart(nan) + 1032) + ": tensor 0.bias holds NaN at index 2");
    }

    static byte[] withCnnData(int at, ByteBuffer value) throws Exception {
        return rewritten(CNN, root -> {}, data -> {
            byte[] d = data.toByteArray();
            System.arraycopy(value.array(), 0, d, at, value.capacity());
            data.reset();
            data.writeBytes(d);
        });
    }

    @Test
    void aVarianceMayBeZeroButNotNegative() throws Exception {
        byte[] zero = withCnnData(1428, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0f));
        assertThat(ModelFile.load(write(zero)).network().buffers().stream()
                .filter(b -> b.name().equals("1.running_var")).findFirst().orElseThrow().value().data[1]).isZero();
        byte[] negative = withCnnData(1428, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(-0.5f));
        assertRefused(negative, "byte " + (dataStart(negative) + 1428) + ": tensor 1.running_var holds -0.5 at index 1"
                + " (a variance is finite and not negative)");
    }

    @Test
    void aBatchCountRunsFromZeroToItsMaximum() throws Exception {
        long max = digitnet.nn.Buffer.MAX_COUNT;
        for (long ok : new long[] {0, max}) {
            byte[] file = withCnnData(1432, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(ok));
            assertThat(ModelFile.load(write(file)).network().buffers().stream()
                    .filter(b -> b.name().equals("1.num_batches_tracked")).findFirst().orElseThrow().value().data[0])
                    .isEqualTo((float) ok);
        }
        for (long bad : new long[] {-1, max + 1}) {
            byte[] file = withCnnData(1432, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(bad));
            assertRefused(file, "byte " + (dataStart(file) + 1432) + ": tensor 1.num_batches_tracked holds " + bad
                    + "; a batch count is 0.." + max);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static void uncheck(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
