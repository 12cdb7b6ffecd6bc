package digitnet.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitnet.data.InputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size fields of the model header that must be bounded by the file before anything is allocated. */
class ModelFileFuzzFindingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The committed seed model with its architecture replaced, checksums recomputed. */
    static byte[] withArchitecture(String architectureJson) throws Exception {
        return withMetadata("architecture", architectureJson);
    }

    /** The committed seed model with one metadata field replaced, checksums recomputed. */
    static byte[] withMetadata(String field, String value) throws Exception {
        byte[] seed = Files.readAllBytes(Path.of(ModelFileFuzzFindingsTest.class.getResource(
                "ModelFileFuzzTestInputs/load/tiny-8x8-4-10-model").toURI()));
        int n = (int) ByteBuffer.wrap(seed, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) JSON.readTree(new String(seed, 8, n, StandardCharsets.UTF_8));
        ((ObjectNode) header.get("__metadata__")).put(field, value);
        byte[] text = JSON.writeValueAsBytes(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(text.length).array());
        out.write(text);
        out.write(Arrays.copyOfRange(seed, 8 + n, seed.length));
        return ModelFileFuzzTest.reseal(out.toByteArray());
    }

    @Test
    void aHugeArchitectureIsRejectedBeforeTheNetworkIsAllocated(@TempDir Path dir) throws Exception {
        // 64-65536-65536-10 would need 17 GB of weights; the file holds 1,240 bytes of data
        Path file = dir.resolve("huge.safetensors");
        Files.write(file, withArchitecture("{\"inputs\":64,\"hidden\":[65536,65536],\"classes\":10,\"hidden_activation\":\"relu\",\"output\":\"softmax\"}"));
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(file + ": byte 8: field __metadata__.architecture: a 64-65536-65536-10 network needs ")
                .hasMessageEndingWith("bytes of weights but the data section holds only 1240");
    }

    /** Found by the burst fuzzer: an image side of 0 was an IllegalArgumentException (exit 70), not a bad file. */
    @Test
    void anImageSideOfZeroIsABadFileNamingTheField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flat.safetensors");
        Files.write(file, withMetadata("input", "{\"height\":0,\"width\":8,\"channels\":1,\"pixel_scale\":"
                + (1 / 255.0) + "}"));
        assertThatThrownBy(() -> ModelFile.load(file))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(file + ": byte 8: field __metadata__.input: shape 1x0x8 must have positive sides");
    }

    @Test
    void theResealedSeedStillLoads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("same.safetensors");
        Files.write(file, withArchitecture("{\"inputs\":64,\"hidden\":[4],\"classes\":10,\"hidden_activation\":\"relu\",\"output\":\"softmax\"}"));
        org.assertj.core.api.Assertions.assertThat(ModelFile.load(file).network().architecture().toString())
                .isEqualTo("64-4-10");
    }
}
