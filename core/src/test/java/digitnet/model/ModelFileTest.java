package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.InputException;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import digitnet.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir Path dir;

    @Test
    void roundTripKeepsEveryWeightInfoAndExtraBitForBit() {
        Network n = Fixtures.tinyNetwork(5);
        Tensor velocity = new Tensor(3, 4);
        velocity.data[7] = 0.25f;
        Path file = dir.resolve("m.safetensors");
        ModelInfo info = new ModelInfo(n.architecture(), 2, 2, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(Map.of("learning_rate", 0.5, "seed", 5), n.architecture()), Map.of("dev_accuracy", 0.75));
        ModelFile.save(file, n, info, Map.of("optimizer.0.weight.velocity", velocity));

        ModelFile.Loaded loaded = ModelFile.load(file);
        assertThat(loaded.info()).isEqualTo(info);
        for (int i = 0; i < n.parameters().size(); i++) {
            Parameter want = n.parameters().get(i), got = loaded.network().parameters().get(i);
            assertThat(got.name()).isEqualTo(want.name());
            assertThat(Arrays.copyOf(got.value().data, got.value().size()))
                    .containsExactly(Arrays.copyOf(want.value().data, want.value().size()));
        }
        assertThat(loaded.checkpoint()).containsOnlyKeys("optimizer.0.weight.velocity");
        assertThat(loaded.checkpoint().get("optimizer.0.weight.velocity").data).containsExactly(velocity.data);
    }

    @Test
    void layoutIsSafetensorsWithPyTorchNamesAndBothChecksums() throws Exception {
        Path file = Fixtures.tinyModel(dir.resolve("m.safetensors"), 1);
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        assertThat(header.get("0.weight").get("shape").toString()).isEqualTo("[3,4]");
        assertThat(header.get("0.bias").get("shape").toString()).isEqualTo("[3]");
        assertThat(header.get("2.weight").get("shape").toString()).isEqualTo("[10,3]");
        assertThat(header.get("2.bias").get("shape").toString()).isEqualTo("[10]");
        assertThat(header.get("0.weight").get("dtype").asText()).isEqualTo("F32");
        JsonNode meta = header.get("__metadata__");
        meta.fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue());
        assertThat(meta.get("format_version").asText()).isEqualTo("1");
        byte[] data = Arrays.copyOfRange(bytes, 8 + (int) n, bytes.length);
        assertThat(data).hasSize(4 * (12 + 3 + 30 + 10));
        assertThat(meta.get("data_sha256").asText()).isEqualTo(sha256(data));
        // file_sha256: the SHA-256 of everything after the length prefix, with its own 64 hex digits as zeros
        String stored = meta.get("file_sha256").asText();
        String zeroed = new String(bytes, 8, bytes.length - 8, StandardCharsets.ISO_8859_1).replace(stored, "0".repeat(64));
        assertThat(sha256(zeroed.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(stored);
        // first weight, little-endian float32 at offset 0 of the data section
        Network net = Fixtures.tinyNetwork(1);
        assertThat(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getFloat(0)).isEqualTo(net.parameters().get(0).value().data[0]);
    }

    @Test
    void sameModelSameBytes() throws IOException {
        Network n = Fixtures.tinyNetwork(5);
        ModelInfo info = new ModelInfo(n.architecture(), 2, 2, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(Map.of("seed", 5), n.architecture()), Map.of("dev_accuracy", 0.75));
        Map<String, Tensor> extras = Map.of("optimizer.b", new Tensor(1, 2), "optimizer.a", new Tensor(1, 3));
        ModelFile.save(dir.resolve("a.safetensors"), n, info, extras);
        ModelFile.save(dir.resolve("b.safetensors"), n, info, extras);
        assertThat(Files.readAllBytes(dir.resolve("b.safetensors"))).isEqualTo(Files.readAllBytes(dir.resolve("a.safetensors")));
    }

    @Test
    void aFlippedByteAnywhereIsRejectedNamingTheFile() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.tinyModel(dir.resolve("m.safetensors"), 2));
        Path bad = dir.resolve("flipped.safetensors");
        Random random = new Random(42);
        for (int pos = 0; pos < good.length; pos++) {
            for (int mask : new int[] {0x01, 0x80, 1 + random.nextInt(255)}) {
                byte[] b = good.clone();
                b[pos] ^= (byte) mask;
                Files.write(bad, b);
                int at = pos;
                assertThatThrownBy(() -> ModelFile.load(bad))
                        .as("byte %d xor 0x%02x", at, mask)
                        .isInstanceOf(InputException.class)
                        .hasMessageStartingWith(bad + ": ");
            }
        }
    }

    @Test
    void everyTruncationIsRejectedNamingTheFile() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.tinyModel(dir.resolve("m.safetensors"), 2));
        Path bad = dir.resolve("cut.safetensors");
        for (int len = 0; len < good.length; len++) {
            Files.write(bad, Arrays.copyOf(good, len));
            int at = len;
            assertThatThrownBy(() -> ModelFile.load(bad)).as("cut at %d", at)
                    .isInstanceOf(InputException.class).hasMessageStartingWith(bad + ": ");
        }
    }

    @Test
    void incompatibleVersionIsNamedEvenThoughTheChecksumsWouldAlsoFail() throws IOException {
        Path file = Fixtures.tinyModel(dir.resolve("m.safetensors"), 2);
        String s = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\"format_version\":\"1\"", "\"format_version\":\"7\"");
        Files.writeString(file, s, StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ModelFile.load(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("incompatible model format version '7'").hasMessageContaining("format_version");
    }

    @Test
    void extraTensorNamesMustNotLookLikeLayers() {
        Network n = Fixtures.tinyNetwork(1);
        ModelInfo info = new ModelInfo(n.architecture(), 2, 2, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.none(), Map.of());
        assertThatThrownBy(() -> ModelFile.save(dir.resolve("x.safetensors"), n, info, Map.of("4.weight", new Tensor(1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("x.safetensors")).doesNotExist();
    }

    @Test
    void saveOverAnExistingModelIntoAMissingDirectoryFailsWithoutLeftovers() throws IOException {
        Network n = Fixtures.tinyNetwork(1);
        ModelInfo info = new ModelInfo(n.architecture(), 2, 2, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.none(), Map.of());
        assertThatThrownBy(() -> ModelFile.save(dir.resolve("missing/m.safetensors"), n, info, Map.of()))
                .isInstanceOf(OutputException.class).hasMessageContaining("missing");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
