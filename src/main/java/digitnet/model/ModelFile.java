package digitnet.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    /** Prefix of extra tensors (optimizer state); cannot collide with "N.weight" / "N.bias". */
    public static final String EXTRA_PREFIX = "optimizer.";
    static final long MAX_HEADER = 16L << 20;
    static final long MAX_FILE = 1L << 30;
    private static final String ZERO_HASH = "0".repeat(64);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ModelFile() {}

    /** A loaded model: the network, what the header says about it, and any extra tensors. */
    public record Loaded(Network network, ModelInfo info, Map<String, Tensor> extras) {}

    public static void save(Path path, Network network, ModelInfo info, Map<String, Tensor> extras) {
        if (!info.architecture().equals(network.architecture())) {
            throw new IllegalArgumentException("model info describes " + info.architecture()
                    + " but the network is " + network.architecture());
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            tensors.put(p.name(), p.value());
        }
        for (Map.Entry<String, Tensor> e : extras.entrySet()) {
            if (!e.getKey().startsWith(EXTRA_PREFIX)) {
                throw new IllegalArgumentException("extra tensor names start with '" + EXTRA_PREFIX + "': " + e.getKey());
            }
            tensors.put(e.getKey(), e.getValue());
        }
        byte[] data = encodeData(tensors);
        byte[] header = encodeHeader(info, tensors, sha256(data));
        // the file hash covers the header (with this field still zero) and the data
        String fileSha = sha256(header, data);
        byte[] placeholder = ("\"file_sha256\":\"" + ZERO_HASH + "\"").getBytes(StandardCharsets.UTF_8);
        int at = indexOf(header, placeholder, 0, header.length);
        System.arraycopy(fileSha.getBytes(StandardCharsets.UTF_8), 0, header, at + placeholder.length - 65, 64);
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array();
        AtomicFile.write(path, out -> {
            out.write(length);
            out.write(header);
            out.write(data);
        });
    }

    private static byte[] encodeData(Map<String, Tensor> tensors) {
        long bytes = 0;
        for (Tensor t : tensors.values()) {
            bytes += 4L * t.size();
        }
        if (bytes > MAX_FILE) {
            throw new IllegalArgumentException("model of " + bytes + " bytes exceeds " + MAX_FILE);
        }
        ByteBuffer buf = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            buf.asFloatBuffer().put(t.data, 0, t.size());
            buf.position(buf.position() + 4 * t.size());
        }
        return buf.array();
    }

    private static byte[] encodeHeader(ModelInfo info, Map<String, Tensor> tensors, String dataSha) {
        try {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode meta = root.putObject("__metadata__");
            meta.put("format", FORMAT);
            meta.put("format_version", Integer.toString(VERSION));
            meta.put("architecture", JSON.writeValueAsString(architectureJson(info.architecture())));
            meta.put("input", JSON.writeValueAsString(Map.of("height", info.height(), "width", info.width(),
                    "pixel_scale", ModelInfo.PIXEL_SCALE, "pixel_range", List.of(0, 255))));
            meta.put("class_labels", JSON.writeValueAsString(info.classLabels()));
            meta.put("training", JSON.writeValueAsString(info.training()));
            meta.put("metrics", JSON.writeValueAsString(info.metrics()));
            meta.put("data_sha256", dataSha);
            meta.put("file_sha256", ZERO_HASH);
            long offset = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                Tensor t = e.getValue();
                ObjectNode n = root.putObject(e.getKey());
                n.put("dtype", "F32");
                ArrayNode shape = n.putArray("shape");
                if (isBias(e.getKey())) {
                    shape.add(t.cols);
                } else {
                    shape.add(t.rows()).add(t.cols);
                }
                n.putArray("data_offsets").add(offset).add(offset + 4L * t.size());
                offset += 4L * t.size();
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
        m.put("inputs", a.inputs());
        m.put("hidden", a.hidden());
        m.put("classes", a.classes());
        m.put("hidden_activation", "relu");
        m.put("output", "softmax");
        return m;
    }

    /** Biases are stored 1-D as PyTorch's (out,); weights 2-D (out, in). */
    private static boolean isBias(String name) {
        return name.endsWith(".bias") && !name.startsWith(EXTRA_PREFIX);
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- loading

    public static Loaded load(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE) {
                throw new InputException(file + ": " + size + " bytes is larger than a model file can be (" + MAX_FILE + ")");
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such model file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        return new Reader(file, bytes).read();
    }

    /** Checks every field of a model file's bytes and names the first that is wrong. */
    private static final class Reader {
        final String file;
        final byte[] bytes;

        Reader(String file, byte[] bytes) {
            this.file = file;
            this.bytes = bytes;
        }

        Loaded read() {
            if (bytes.length < 8) {
                throw fail(0, "truncated: " + bytes.length + " bytes, shorter than the 8-byte header length");
            }
            long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > MAX_HEADER || n > bytes.length - 8) {
                throw fail(0, "header length " + n + " does not fit a file of " + bytes.length
                        + " bytes (truncated or not a safetensors file)");
            }
            int dataStart = 8 + (int) n;
            JsonNode root = parseJson(new String(bytes, 8, (int) n, StandardCharsets.UTF_8), 8);
            if (!root.isObject()) {
                throw fail(8, "header is not a JSON object");
            }
            JsonNode meta = root.get("__metadata__");
            if (meta == null || !meta.isObject()) {
                throw fail(8, "header has no __metadata__: not a digitnet model (field __metadata__)");
            }
            String format = text(meta, "format");
            if (!FORMAT.equals(format)) {
                throw fail(8, "field __metadata__.format is '" + format + "', expected '" + FORMAT + "'");
            }
            String version = text(meta, "format_version");
            if (!Integer.toString(VERSION).equals(version)) {
                throw fail(8, "incompatible model format version '" + version + "'; this digitnet reads version "
                        + VERSION + " (field __metadata__.format_version)");
            }
            byte[] data = Arrays.copyOfRange(bytes, dataStart, bytes.length);
            if (!sha256(data).equals(text(meta, "data_sha256"))) {
                throw fail(dataStart, "data section checksum mismatch (field __metadata__.data_sha256): the file is corrupted");
            }
            checkFileHash(meta, dataStart);
            ModelInfo info = parseInfo(meta);
            checkWeightsFit(info.architecture(), data.length);
            Network network = Network.create(info.architecture());
            Map<String, Tensor> extras = readTensors(root, network, data, dataStart);
            return new Loaded(network, info, extras);
        }

        void checkFileHash(JsonNode meta, int dataStart) {
            String stored = text(meta, "file_sha256");
            if (stored.length() != 64) {
                throw fail(8, "field __metadata__.file_sha256 is not a SHA-256 hex digest");
            }
            byte[] needle = ("\"file_sha256\":\"" + stored + "\"").getBytes(StandardCharsets.UTF_8);
            int at = indexOf(bytes, needle, 8, dataStart);
            if (at < 0) {
                throw fail(8, "field __metadata__.file_sha256 is not where digitnet writes it");
            }
            byte[] zeroed = bytes.clone();
            byte[] zeros = ZERO_HASH.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(zeros, 0, zeroed, at + needle.length - 65, 64);
            if (!sha256(Arrays.copyOfRange(zeroed, 8, zeroed.length)).equals(stored)) {
                throw fail(0, "checksum mismatch (field __metadata__.file_sha256): the file is corrupted");
            }
        }

        /** Bounds the network built from the header by the bytes actually present, before allocating it. */
        void checkWeightsFit(Architecture a, int dataBytes) {
            List<Integer> sizes = a.sizes();
            long floats = 0;
            for (int i = 1; i < sizes.size(); i++) {
                floats += (long) sizes.get(i - 1) * sizes.get(i) + sizes.get(i);
            }
            if (4 * floats > dataBytes) {
                throw fail(8, "field __metadata__.architecture: a " + a + " network needs " + 4 * floats
                        + " bytes of weights but the data section holds only " + dataBytes);
            }
        }

        ModelInfo parseInfo(JsonNode meta) {
            JsonNode arch = parseJson(text(meta, "architecture"), 8);
            int inputs = intField(arch, "inputs", "__metadata__.architecture");
            int classes = intField(arch, "classes", "__metadata__.architecture");
            JsonNode hiddenNode = arch.get("hidden");
            if (hiddenNode == null || !hiddenNode.isArray()) {
                throw fail(8, "field __metadata__.architecture.hidden is missing or not a list");
            }
            List<Integer> hidden = new ArrayList<>();
            for (JsonNode h : hiddenNode) {
                if (!h.canConvertToInt()) {
                    throw fail(8, "field __metadata__.architecture.hidden holds a non-integer " + h);
                }
                hidden.add(h.intValue());
            }
            JsonNode input = parseJson(text(meta, "input"), 8);
            int height = intField(input, "height", "__metadata__.input");
            int width = intField(input, "width", "__metadata__.input");
            JsonNode labelsNode = parseJson(text(meta, "class_labels"), 8);
            List<String> labels = new ArrayList<>();
            for (JsonNode l : labelsNode) {
                labels.add(l.asText());
            }
            try {
                Architecture a = Architecture.of(inputs, hidden, classes);
                return new ModelInfo(a, height, width, labels, toMap(parseJson(text(meta, "training"), 8)),
                        toMap(parseJson(text(meta, "metrics"), 8)));
            } catch (IllegalArgumentException e) {
                throw fail(8, "field __metadata__: " + e.getMessage());
            }
        }

        Map<String, Tensor> readTensors(JsonNode root, Network network, byte[] data, int dataStart) {
            Map<String, Parameter> expected = new LinkedHashMap<>();
            for (Parameter p : network.parameters()) {
                expected.put(p.name(), p);
            }
            Map<String, Tensor> extras = new LinkedHashMap<>();
            List<long[]> ranges = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String name = f.getKey();
                if (name.equals("__metadata__")) {
                    continue;
                }
                JsonNode t = f.getValue();
                String dtype = t.path("dtype").asText();
                if (!dtype.equals("F32")) {
                    throw fail(8, "tensor " + name + " has dtype '" + dtype + "', expected F32 (field " + name + ".dtype)");
                }
                long[] shape = longs(t.get("shape"), name + ".shape");
                long[] off = longs(t.get("data_offsets"), name + ".data_offsets");
                if (off.length != 2 || off[0] < 0 || off[1] < off[0] || off[1] > data.length) {
                    throw fail(8, "tensor " + name + " has data_offsets " + Arrays.toString(off)
                            + " outside the data section of " + data.length + " bytes");
                }
                long numel = 1;
                for (long s : shape) {
                    if (s < 0 || s > Integer.MAX_VALUE) {
                        throw fail(8, "tensor " + name + " has a bad shape " + Arrays.toString(shape));
                    }
                    numel *= s;
                }
                if (numel * 4 != off[1] - off[0]) {
                    throw fail(8, "tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + numel * 4
                            + " bytes but data_offsets give " + (off[1] - off[0]));
                }
                ranges.add(off);
                Parameter p = expected.remove(name);
                Tensor target;
                if (p != null) {
                    target = p.value();
                    long[] want = isBias(name) ? new long[] {target.cols} : new long[] {target.rows(), target.cols};
                    if (!Arrays.equals(shape, want)) {
                        throw fail(8, "tensor " + name + " has shape " + Arrays.toString(shape) + " but the architecture "
                                + network.architecture() + " needs " + Arrays.toString(want));
                    }
                } else if (name.startsWith(EXTRA_PREFIX) && shape.length >= 1 && shape.length <= 2 && numel > 0) {
                    target = new Tensor(shape.length == 2 ? (int) shape[0] : 1, (int) shape[shape.length - 1]);
                    extras.put(name, target);
                } else {
                    throw fail(8, "unexpected tensor '" + name + "' for architecture " + network.architecture());
                }
                ByteBuffer.wrap(data, (int) off[0], (int) (off[1] - off[0])).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(target.data, 0, (int) numel);
                for (int i = 0; i < numel; i++) {
                    if (!Float.isFinite(target.data[i])) {
                        throw fail(dataStart + off[0] + 4L * i, "tensor " + name + " holds " + target.data[i] + " at index " + i);
                    }
                }
            }
            if (!expected.isEmpty()) {
                throw fail(8, "missing tensor '" + expected.keySet().iterator().next() + "' for architecture "
                        + network.architecture());
            }
            ranges.sort((a, b) -> Long.compare(a[0], b[0]));
            long end = 0;
            for (long[] r : ranges) {
                if (r[0] != end) {
                    throw fail(dataStart + end, "tensor data ranges overlap or leave a gap at data offset " + end);
                }
                end = r[1];
            }
            if (end != data.length) {
                throw fail(dataStart + end, "the data section has " + (data.length - end) + " bytes that no tensor names");
            }
            return extras;
        }

        JsonNode parseJson(String text, long offset) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node == null) {
                    throw fail(offset, "empty JSON");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw fail(offset, "header is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
        }

        String text(JsonNode meta, String field) {
            JsonNode v = meta.get(field);
            if (v == null || !v.isTextual()) {
                throw fail(8, "field __metadata__." + field + " is missing or not a string");
            }
            return v.asText();
        }

        int intField(JsonNode node, String field, String where) {
            JsonNode v = node.get(field);
            if (v == null || !v.canConvertToInt()) {
                throw fail(8, "field " + where + "." + field + " is missing or not an integer");
            }
            return v.intValue();
        }

        long[] longs(JsonNode node, String field) {
            if (node == null || !node.isArray() || node.size() > 8) {
                throw fail(8, "field " + field + " is missing or not a short list of integers");
            }
            long[] out = new long[node.size()];
            for (int i = 0; i < out.length; i++) {
                if (!node.get(i).canConvertToLong()) {
                    throw fail(8, "field " + field + " holds a non-integer " + node.get(i));
                }
                out[i] = node.get(i).longValue();
            }
            return out;
        }

        Map<String, Object> toMap(JsonNode node) {
            if (!node.isObject()) {
                throw fail(8, "metadata value is not a JSON object: " + node);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(node, Map.class);
            return m;
        }

        InputException fail(long offset, String message) {
            return InputException.atByte(file, offset, message);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle, int from, int to) {
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
