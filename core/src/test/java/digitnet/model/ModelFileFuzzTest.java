package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.data.FuzzContract;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.nn.Buffer;
import digitnet.nn.Parameter;
import digitnet.nn.Shape;
import digitnet.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Fuzzes the model-file loader on the bytes as they come (seeds: a small perceptron saved by
 * {@code train}, and two small layer-list models with convolutions and batch norm, so that the
 * fuzzer starts from valid CNN files with input shapes, layer lists and running statistics). Nearly every mutation stops at a checksum; {@link ModelFileResealedFuzzTest}
 * reaches the checks behind them.
 */
class ModelFileFuzzTest {
    private static final Path FILE = scratchFile();

    static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("digitnet-fuzz");
            dir.toFile().deleteOnExit();
            Path f = dir.resolve("fuzz.safetensors");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void load(byte[] bytes) throws IOException {
        check(bytes);
    }

    static void check(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            ModelFile.Loaded m = ModelFile.load(FILE);
            assertThat(m.network().architecture()).isEqualTo(m.info().architecture());
            assertThat((long) m.info().height() * m.info().width()).isEqualTo(m.info().architecture().inputs());
            assertThat(m.info().classLabels()).hasSize(m.info().architecture().classes());
            for (Parameter p : m.network().parameters()) {
                assertFinite(p.value());
            }
            for (Buffer b : m.network().buffers()) {      // batch norm: running mean and variance, batch count
                assertFinite(b.value());
                for (int i = 0; i < b.value().size(); i++) {
                    float v = b.value().data[i];
                    if (b.name().endsWith(".running_var") || b.integer()) {
                        assertThat(v).as(b.name()).isGreaterThanOrEqualTo(0f);
                    }
                    if (b.integer()) {
                        assertThat(v).as(b.name()).isEqualTo((float) Math.rint(v)).isLessThanOrEqualTo((float) Buffer.MAX_COUNT);
                    }
                }
            }
            Architecture a = m.info().architecture();
            if (a.isLayerList()) {                          // the list was checked against its input shape
                assertThat(a.layers().input().size()).isEqualTo(a.inputs());
                assertThat(a.layers().shapes().get(a.layers().items().size() - 1)).isEqualTo(Shape.flat(a.classes()));
                assertThat(m.network().layers()).hasSize(a.layers().items().size());
            }
            m.checkpoint().forEach((name, t) -> {
                assertThat(name).startsWith(digitnet.train.Checkpoint.PREFIX);
                assertFinite(t);
            });
        } catch (InputException e) {
            FuzzContract.assertNamesPlace(e, FILE.toString());
        }
    }

    private static void assertFinite(Tensor t) {
        for (int i = 0; i < t.size(); i++) {
            assertThat(Float.isFinite(t.data[i])).isTrue();
        }
    }

    /** The bytes with data_sha256 and file_sha256 recomputed, where the header has them. */
    static byte[] reseal(byte[] in) {
        if (in.length < 8) {
            return in;
        }
        long n = ByteBuffer.wrap(in, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > in.length - 8) {
            return in;
        }
        byte[] out = in.clone();
        int dataStart = 8 + (int) n;
        int dataHash = valueAt(out, "\"data_sha256\":\"", dataStart);
        if (dataHash >= 0) {
            put(out, dataHash, sha256(Arrays.copyOfRange(out, dataStart, out.length)));
        }
        int fileHash = valueAt(out, "\"file_sha256\":\"", dataStart);
        if (fileHash >= 0) {
            put(out, fileHash, "0".repeat(64));
            put(out, fileHash, sha256(Arrays.copyOfRange(out, 8, out.length)));
        }
        return out;
    }

    /** Offset of the 64 characters after {@code key} in the header, or -1. */
    private static int valueAt(byte[] b, String key, int end) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 8; i + k.length + 64 <= end; i++) {
            for (int j = 0; j < k.length; j++) {
                if (b[i + j] != k[j]) {
                    continue outer;
                }
            }
            return i + k.length;
        }
        return -1;
    }

    private static void put(byte[] b, int at, String hex) {
        System.arraycopy(hex.getBytes(StandardCharsets.UTF_8), 0, b, at, 64);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
