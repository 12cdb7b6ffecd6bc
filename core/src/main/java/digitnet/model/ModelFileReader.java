package digitnet.model;

import static digitnet.model.ModelFile.FORMAT;
import static digitnet.model.ModelFile.JSON;
import static digitnet.model.ModelFile.MAX_FILE;
import static digitnet.model.ModelFile.MAX_HEADER;
import static digitnet.model.ModelFile.VERSION;
import static digitnet.model.ModelFile.indexOf;
import static digitnet.model.ModelFile.ZERO_HASH;
import static digitnet.model.ModelFile.sha256;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import digitnet.data.InputException;
import digitnet.model.ModelFile.Loaded;
import digitnet.nn.Architecture;
import digitnet.nn.Buffer;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import digitnet.train.Checkpoint;
import digitnet.train.TrainingRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks every field of a model file's bytes and names the first that is wrong. */
final class ModelFileReader {
    final String file;
    final byte[] bytes;

    ModelFileReader(String file, byte[] bytes) {
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
        Map<String, Tensor> checkpoint = readTensors(root, network, data, dataStart);
        return new Loaded(network, info, checkpoint);
    }

    /** Bounds the network built from the header by the bytes actually present, before allocating it. */
    void checkWeightsFit(Architecture a, int dataBytes) {
        List<Integer> sizes = a.sizes();
        long floats = 0;
        for (int i = 1; i < sizes.size() && !a.isLayerList(); i++) {
            floats += (long) sizes.get(i - 1) * sizes.get(i) + sizes.get(i);
        }
        if (a.isLayerList()) {
            floats = a.layers().stateFloats();
        }
        if (4 * floats > dataBytes) {
            throw fail(8, "field __metadata__.architecture: a " + a + " network needs " + 4 * floats
                    + " bytes of weights but the data section holds only " + dataBytes);
        }
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
        int value = at + needle.length - 65;      // the 64 hex digits, hashed as zeros
        MessageDigest md = ModelFile.sha256Digest();
        md.update(bytes, 8, value - 8);
        md.update(ZERO_HASH.getBytes(StandardCharsets.US_ASCII));
        md.update(bytes, value + 64, bytes.length - value - 64);
        if (!HexFormat.of().formatHex(md.digest()).equals(stored)) {
            throw fail(0, "checksum mismatch (field __metadata__.file_sha256): the file is corrupted");
        }
    }

    ModelInfo parseInfo(JsonNode meta) {
        JsonNode arch = parseJson(text(meta, "architecture"), 8);
        if (!arch.isObject()) {
            throw fail(8, "field __metadata__.architecture is not a JSON object");
        }
        int inputs = intField(arch, "inputs", "__metadata__.architecture");
        int classes = intField(arch, "classes", "__metadata__.architecture");
        expectText(arch, "output", "softmax", "__metadata__.architecture");
        Architecture a = arch.has("layers") ? layerListArchitecture(arch, inputs, classes)
                : perceptronArchitecture(arch, inputs, classes);
        JsonNode input = parseJson(text(meta, "input"), 8);
        int height = intField(input, "height", "__metadata__.input");
        int width = intField(input, "width", "__metadata__.input");
        int channels = input.has("channels") ? intField(input, "channels", "__metadata__.input") : 1;   // older files: grey
        if (channels != 1 && channels != 3) {
            throw fail(8, "field __metadata__.input.channels is " + channels + "; expected 1 or 3");
        }
        JsonNode scale = input.get("pixel_scale");
        if (scale == null || !scale.isNumber() || Math.abs(scale.doubleValue() - ModelInfo.PIXEL_SCALE) > 1e-12) {
            throw fail(8, "field __metadata__.input.pixel_scale is " + scale + "; this digitnet scales pixels by 1/255");
        }
        Shape images;
        try {
            images = Shape.of(channels, height, width);
        } catch (IllegalArgumentException e) {
            throw fail(8, "field __metadata__.input: " + e.getMessage());
        }
        if (a.isLayerList() && !a.layers().input().equals(images)) {
            throw fail(8, "field __metadata__.architecture.input_shape " + a.layers().input()
                    + " is not that of the input images, " + channels + "x" + height + "x" + width + " (field __metadata__.input)");
        }
        List<String> labels = new ArrayList<>();
        if (!meta.has("class_labels")) {
            labels.addAll(ModelInfo.numberedLabels(classes));     // a file without them: the labels' numbers
        } else {
            JsonNode labelsNode = parseJson(text(meta, "class_labels"), 8);
            if (!labelsNode.isArray()) {
                throw fail(8, "field __metadata__.class_labels is not a list");
            }
            for (JsonNode l : labelsNode) {
                String problem = l.isTextual() ? ModelInfo.labelProblem(l.asText()) : "is not a string";
                if (problem != null) {
                    throw fail(8, "field __metadata__.class_labels holds " + l + ", which " + problem);
                }
                labels.add(l.asText());
            }
        }
        try {
            return new ModelInfo(a, channels, height, width, labels, TrainingRecord.fromJson(toMap(parseJson(text(meta, "training"), 8)), a),
                    toMap(parseJson(text(meta, "metrics"), 8)));
        } catch (IllegalArgumentException e) {
            throw fail(8, "field __metadata__: " + e.getMessage());
        }
    }

    // the --hidden short form: inputs, hidden sizes, classes
    private Architecture perceptronArchitecture(JsonNode arch, int inputs, int classes) {
        onlyFields(arch, "inputs", "hidden", "classes", "hidden_activation", "output");
        JsonNode hiddenNode = arch.get("hidden");
        if (hiddenNode == null || !hiddenNode.isArray()) {
            throw fail(8, "field __metadata__.architecture.hidden is missing or not a list");
        }
        List<Integer> hidden = new ArrayList<>();
        for (JsonNode h : hiddenNode) {
            if (!h.isIntegralNumber() || !h.canConvertToInt()) {
                throw fail(8, "field __metadata__.architecture.hidden holds a non-integer " + h);
            }
            hidden.add(h.intValue());
        }
        expectText(arch, "hidden_activation", "relu", "__metadata__.architecture");
        try {
            return Architecture.of(inputs, hidden, classes);
        } catch (IllegalArgumentException e) {
            throw fail(8, "field __metadata__.architecture: " + e.getMessage());
        }
    }

    // a layer list: input_shape [C, H, W], layers in the list syntax, checked as train --layers checks them
    private Architecture layerListArchitecture(JsonNode arch, int inputs, int classes) {
        onlyFields(arch, "inputs", "input_shape", "layers", "classes", "output");
        long[] shape = longs(arch.get("input_shape"), "__metadata__.architecture.input_shape");
        if (shape.length != 3 || Arrays.stream(shape).anyMatch(d -> d <= 0 || d > Shape.MAX_SIZE)) {
            throw fail(8, "field __metadata__.architecture.input_shape is " + Arrays.toString(shape)
                    + "; expected [channels, height, width], each positive");
        }
        JsonNode layers = arch.get("layers");
        if (!layers.isTextual()) {
            throw fail(8, "field __metadata__.architecture.layers is not a string");
        }
        try {
            Shape in = Shape.of((int) shape[0], (int) shape[1], (int) shape[2]);
            if (in.size() != inputs) {
                throw fail(8, "field __metadata__.architecture.input_shape " + in + " has " + in.size()
                        + " elements but inputs is " + inputs);
            }
            return Architecture.of(LayerList.of(in, LayerListSyntax.parse(layers.asText()), classes));
        } catch (IllegalArgumentException e) {
            throw fail(8, "field __metadata__.architecture.layers: " + e.getMessage());
        }
    }

    private void onlyFields(JsonNode node, String... allowed) {
        List<String> names = List.of(allowed);
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!names.contains(f)) {
                throw fail(8, "field __metadata__.architecture." + f + " is not one this digitnet knows with "
                        + (names.contains("layers") ? "a layer list" : "hidden sizes"));
            }
        }
    }

    /** What the file must hold for one named tensor of the network. */
    private record Expected(Tensor target, int[] shape, boolean int64) {}

    Map<String, Tensor> readTensors(JsonNode root, Network network, byte[] data, int dataStart) {
        Map<String, Expected> expected = new LinkedHashMap<>();
        Map<Parameter, Tensor> transposed = new LinkedHashMap<>();    // read in the file's layout, then converted
        for (Parameter p : network.parameters()) {
            Tensor target = p.value();
            if (p.transposed()) {
                target = new Tensor(p.value().cols, p.value().rows());
                transposed.put(p, target);
            }
            expected.put(p.name(), new Expected(target, network.stateShape(p.name()), false));
        }
        for (Buffer b : network.buffers()) {
            expected.put(b.name(), new Expected(b.value(), network.stateShape(b.name()), b.integer()));
        }
        Map<String, Tensor> checkpoint = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode t = f.getValue();
            Expected p = expected.remove(name);
            String dtype = t.path("dtype").asText(), wantType = p != null && p.int64() ? "I64" : "F32";
            if (!dtype.equals(wantType)) {
                throw fail(8, "tensor " + name + " has dtype '" + dtype + "', expected " + wantType + " (field " + name + ".dtype)");
            }
            int elementBytes = wantType.equals("I64") ? 8 : 4;
            long[] shape = longs(t.get("shape"), name + ".shape");
            long[] off = longs(t.get("data_offsets"), name + ".data_offsets");
            if (off.length != 2 || off[0] < 0 || off[1] < off[0] || off[1] > data.length) {
                throw fail(8, "tensor " + name + " has data_offsets " + Arrays.toString(off)
                        + " outside the data section of " + data.length + " bytes");
            }
            long numel = 1;
            for (long s : shape) {
                if (s < 0 || s > Integer.MAX_VALUE || (s > 0 && numel > MAX_FILE / s)) {
                    throw fail(8, "tensor " + name + " has a bad shape " + Arrays.toString(shape));
                }
                numel *= s;
            }
            if (numel * elementBytes != off[1] - off[0]) {
                throw fail(8, "tensor " + name + " of shape " + Arrays.toString(shape) + " needs " + numel * elementBytes
                        + " bytes but data_offsets give " + (off[1] - off[0]));
            }
            ranges.add(off);
            Tensor target;
            if (p != null) {
                target = p.target();
                long[] want = Arrays.stream(p.shape()).asLongStream().toArray();
                if (!Arrays.equals(shape, want)) {
                    throw fail(8, "tensor " + name + " has shape " + Arrays.toString(shape) + " but the architecture "
                            + network.architecture() + " needs " + Arrays.toString(want));
                }
            } else if (Checkpoint.isCheckpointName(name) && shape.length >= 1 && shape.length <= 2 && numel > 0) {
                target = new Tensor(shape.length == 2 ? (int) shape[0] : 1, (int) shape[shape.length - 1]);
                checkpoint.put(name, target);
            } else {
                throw fail(8, "unexpected tensor '" + name + "' for architecture " + network.architecture());
            }
            ByteBuffer bytes = ByteBuffer.wrap(data, (int) off[0], (int) (off[1] - off[0])).order(ByteOrder.LITTLE_ENDIAN);
            if (elementBytes == 8) {
                readCount(bytes, target, name, dataStart + off[0]);
                continue;
            }
            bytes.asFloatBuffer().get(target.data, 0, (int) numel);
            boolean variance = name.endsWith(".running_var");
            for (int i = 0; i < numel; i++) {
                if (!Float.isFinite(target.data[i]) || variance && target.data[i] < 0) {
                    throw fail(dataStart + off[0] + 4L * i, "tensor " + name + " holds " + target.data[i] + " at index " + i
                            + (variance ? " (a variance is finite and not negative)" : ""));
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
        transposed.forEach((p, read) -> p.fromState(read, p.value()));
        return checkpoint;
    }

    // an int64 count (num_batches_tracked): 0 .. Buffer.MAX_COUNT, held as a float
    private void readCount(ByteBuffer bytes, Tensor target, String name, long at) {
        for (int i = 0; i < target.size(); i++) {
            long v = bytes.getLong();
            if (v < 0 || v > Buffer.MAX_COUNT) {
                throw fail(at + 8L * i, "tensor " + name + " holds " + v + "; a batch count is 0.." + Buffer.MAX_COUNT);
            }
            target.data[i] = v;
        }
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

    void expectText(JsonNode node, String field, String expected, String where) {
        JsonNode v = node.get(field);
        if (v == null || !expected.equals(v.asText())) {
            throw fail(8, "field " + where + "." + field + " is " + v + "; this digitnet knows only '" + expected + "'");
        }
    }

    int intField(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
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
            if (!node.get(i).isIntegralNumber() || !node.get(i).canConvertToLong()) {
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
