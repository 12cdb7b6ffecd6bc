package digitnet.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.nn.Buffer;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.Shape;
import digitnet.tensor.Tensor;
import digitnet.train.Checkpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model file, in the safetensors layout: an 8-byte little-endian header length N, N bytes
 * of JSON header, then the raw little-endian float32 data of every tensor. The header names each
 * tensor's dtype, shape and byte range, and its {@code __metadata__} (string values only, as
 * safetensors requires) says what digitnet needs to rebuild and check the network. See
 * docs/model-format.md. Never Java serialization.
 */
public final class ModelFile {
    public static final String FORMAT = "digitnet";
    public static final int VERSION = 1;
    static final long MAX_HEADER = 16L << 20;
    static final long MAX_FILE = 1L << 30;
    static final String ZERO_HASH = "0".repeat(64);
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ModelFile() {}

    /** A loaded model: the network, what the header says about it, and any checkpoint tensors ({@link Checkpoint}). */
    public record Loaded(Network network, ModelInfo info, Map<String, Tensor> checkpoint) {}

    public static void save(Path path, Network network, ModelInfo info, Map<String, Tensor> checkpoint) {
        if (!info.architecture().equals(network.architecture())) {
            throw new IllegalArgumentException("model info describes " + info.architecture()
                    + " but the network is " + network.architecture());
        }
        Map<String, Stored> tensors = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            tensors.put(p.name(), new Stored(p.toState(p.value()), network.stateShape(p.name()), false));
        }
        for (Buffer b : network.buffers()) {
            tensors.put(b.name(), new Stored(b.value(), network.stateShape(b.name()), b.integer()));
        }
        for (Map.Entry<String, Tensor> e : new TreeMap<>(checkpoint).entrySet()) {     // sorted: same model, same bytes
            if (!Checkpoint.isCheckpointName(e.getKey())) {
                throw new IllegalArgumentException("extra tensor names start with '" + Checkpoint.PREFIX + "': " + e.getKey());
            }
            Tensor t = e.getValue();
            tensors.put(e.getKey(), new Stored(t, new int[] {t.rows(), t.cols}, false));
        }
        byte[] data = encodeData(tensors);
        byte[] header = encodeHeader(info, tensors, sha256(data));
        fillFileHash(header, data);
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array();
        AtomicFile.write(path, out -> {
            out.write(length);
            out.write(header);
            out.write(data);
        });
    }

    /**
     * The header was written with 64 zeros as {@code file_sha256}; they become the SHA-256 of
     * header and data as they stand with the zeros (same length, so nothing moves).
     */
    private static void fillFileHash(byte[] header, byte[] data) {
        byte[] zeros = ("\"file_sha256\":\"" + ZERO_HASH + "\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(header, zeros, 0, header.length);
        if (at < 0) {
            throw new IllegalStateException("file_sha256 placeholder missing from the header");
        }
        byte[] hash = sha256(header, data).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(hash, 0, header, at + zeros.length - 65, 64);
    }

    /** A tensor as the file stores it: its shape there, and whether it is an int64 count rather than float32. */
    record Stored(Tensor value, int[] shape, boolean int64) {
        long bytes() {
            return int64 ? 8L * value.size() : 4L * value.size();
        }
    }

    private static byte[] encodeData(Map<String, Stored> tensors) {
        long bytes = 0;
        for (Stored t : tensors.values()) {
            bytes += t.bytes();
        }
        if (bytes > MAX_FILE) {
            throw new IllegalArgumentException("model of " + bytes + " bytes exceeds " + MAX_FILE);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Stored s : tensors.values()) {
            Tensor t = s.value();
            if (s.int64()) {
                for (int i = 0; i < t.size(); i++) {
                    buf.putLong((long) t.data[i]);
                }
            } else {
                buf.asFloatBuffer().put(t.data, 0, t.size());
                buf.position(buf.position() + 4 * t.size());
            }
        }
        return buf.array();
    }

    private static byte[] encodeHeader(ModelInfo info, Map<String, Stored> tensors, String dataSha) {
        try {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode meta = root.putObject("__metadata__");
            meta.put("format", FORMAT);
            meta.put("format_version", Integer.toString(VERSION));
            meta.put("architecture", JSON.writeValueAsString(architectureJson(info.architecture())));
            Map<String, Object> input = new LinkedHashMap<>();    // in a fixed order: same model, same bytes
            if (info.channels() != 1) {         // grey models keep the header they always had
                input.put("channels", info.channels());
            }
            input.put("height", info.height());
            input.put("width", info.width());
            input.put("pixel_range", List.of(0, 255));
            input.put("pixel_scale", ModelInfo.PIXEL_SCALE);
            meta.put("input", JSON.writeValueAsString(input));
            meta.put("class_labels", JSON.writeValueAsString(info.classLabels()));
            meta.put("training", JSON.writeValueAsString(info.training().toJson()));
            meta.put("metrics", JSON.writeValueAsString(info.metrics()));
            meta.put("data_sha256", dataSha);
            meta.put("file_sha256", ZERO_HASH);
            long offset = 0;
            for (Map.Entry<String, Stored> e : tensors.entrySet()) {
                Stored t = e.getValue();
                ObjectNode n = root.putObject(e.getKey());
                n.put("dtype", t.int64() ? "I64" : "F32");
                ArrayNode shape = n.putArray("shape");
                for (int d : t.shape()) {
                    shape.add(d);
                }
                n.putArray("data_offsets").add(offset).add(offset + t.bytes());
                offset += t.bytes();
            }
            String text = JSON.writeValueAsString(root);
            int pad = (8 - text.length() % 8) % 8;   // safetensors pads the header with spaces to 8 bytes
            return (text + " ".repeat(pad)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> architectureJson(Architecture a) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a.isLayerList()) {
            Shape in = a.layers().input();
            m.put("inputs", a.inputs());
            m.put("input_shape", List.of(in.channels(), in.height(), in.width()));
            m.put("layers", a.layers().tokens());
            m.put("classes", a.classes());
            m.put("output", "softmax");
            return m;
        }
        m.put("inputs", a.inputs());
        m.put("hidden", a.hidden());
        m.put("classes", a.classes());
        m.put("hidden_activation", "relu");
        m.put("output", "softmax");
        return m;
    }

    static String sha256(byte[]... parts) {
        MessageDigest md = sha256Digest();
        for (byte[] p : parts) {
            md.update(p);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Loaded load(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE) {
                throw new InputException(file + ": " + size + " bytes is larger than a model file can be (" + MAX_FILE + ")");
            }
            // loading holds the file about three times (bytes, data section, weights)
            if (size > Runtime.getRuntime().maxMemory() / 3) {
                throw new InputException(file + ": " + size + " bytes is too large for this Java heap of "
                        + Runtime.getRuntime().maxMemory() + " bytes (raise -Xmx in DIGITNET_JAVA_OPTS)");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such model file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return new ModelFileReader(file, bytes).read();
    }

    static int indexOf(byte[] hay, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i + needle.length <= to; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
