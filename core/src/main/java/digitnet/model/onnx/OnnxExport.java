package digitnet.model.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.InputException;
import digitnet.model.AtomicFile;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.AvgPool2d;
import digitnet.nn.BatchNorm;
import digitnet.nn.Conv2d;
import digitnet.nn.Dense;
import digitnet.nn.Dropout;
import digitnet.nn.Flatten;
import digitnet.nn.Layer;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.MaxPool2d;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.Relu;
import digitnet.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a digitnet model as an ONNX model (opset {@value #OPSET}, IR version {@value #IR_VERSION})
 * that reads raw pixels and gives class probabilities: input {@code pixels} float32
 * [n, channels*height*width] with values 0..255 (a colour image's red, green and blue planes in turn), output {@code probabilities} float32 [n, classes]. The model file's
 * {@code __metadata__} is copied into the ONNX model's {@code metadata_props}. See docs/onnx.md.
 */
public final class OnnxExport {
    /** The ONNX operator set the graph is written against. */
    public static final int OPSET = 17;
    /** The ONNX IR version that goes with opset 17 (ONNX 1.12). */
    public static final int IR_VERSION = 8;

    private OnnxExport() {}

    /**
     * What was written: the file, its size, and the graph's input and output widths.
     *
     * @param inputs  channels * height * width: the input is {@code pixels} [n, inputs]
     * @param classes the output is {@code probabilities} [n, classes]
     */
    public record Written(Path file, long bytes, int inputs, int classes) {}

    /** Loads {@code modelFile} (checked as every command does), exports it and writes {@code onnxFile} atomically. */
    public static Written write(Path modelFile, Path onnxFile) {
        ModelFile.Loaded loaded = ModelFile.load(modelFile);
        Network network = loaded.network();
        return write(onnxFile, modelFile.toString(), network.layers(), network.parameters(), loaded.info(),
                readMetadata(modelFile));
    }

    /** Encodes first, so that a model that cannot be exported leaves no file behind. */
    static Written write(Path onnxFile, String source, List<Layer> layers, List<Parameter> parameters, ModelInfo info,
                         Map<String, String> metadata) {
        byte[] onnx = encode(source, layers, parameters, info, metadata);
        AtomicFile.write(onnxFile, out -> out.write(onnx));
        return new Written(onnxFile, onnx.length, info.architecture().inputs(), info.architecture().classes());
    }

    /**
     * The ONNX bytes of a network given as its layers and their parameters in order (named as in
     * the model file); {@code metadata} goes into {@code metadata_props}.
     *
     * @throws UnexportableModelException naming {@code source} and the layer, when a layer has no ONNX form
     */
    static byte[] encode(String source, List<Layer> layers, List<Parameter> parameters, ModelInfo info,
                         Map<String, String> metadata) {
        ProtoWriter graph = graph(source, layers, parameters, info.architecture().layers(), info);
        String doc = "digitnet " + info.architecture() + " network, exported from " + Path.of(source).getFileName()
                + "; input pixels 0..255 [n, " + (info.channels() == 1 ? "" : info.channels() + "*") + info.height() + "*"
                + info.width() + (info.channels() == 1 ? "" : ", channel-major") + "], output probabilities [n, "
                + info.architecture().classes() + "] for class_labels " + info.classLabels();
        return OnnxProto.model(IR_VERSION, OPSET, version(), doc, graph, metadata);
    }

    /**
     * The graph of {@code layers}, whose parameters are {@code parameters} in order (the model
     * file's names). {@code list} is the layer list the layers were built from, one layer per item
     * (it gives convolutions' strides and padding and pooling sizes), or null for a perceptron.
     */
    static ProtoWriter graph(String source, List<Layer> layers, List<Parameter> parameters, LayerList list,
                             ModelInfo info) {
        OnnxGraph g = new OnnxGraph(info.channels(), info.height(), info.width(), (float) ModelInfo.PIXEL_SCALE);
        Iterator<Parameter> params = parameters.iterator();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            LayerSpec item = list == null || list.items().size() != layers.size() ? null : list.items().get(i);
            String name = "layer" + i;
            if (layer instanceof Dense d) {
                Parameter w = next(params, "weight"), b = next(params, "bias");
                g.linear(name, w.name(), values(w.toState(w.value())), b.name(), values(b.value()), d.outputs());
            } else if (layer instanceof Relu) {
                g.relu(name);
            } else if (layer instanceof Dropout) {
                continue;           // the identity at inference
            } else if (layer instanceof Conv2d && item instanceof LayerSpec.Conv c) {
                Parameter w = next(params, "weight"), b = next(params, "bias");
                g.conv(name, w.name(), values(w.value()), b.name(), values(b.value()), c.out(), c.kernel(), c.stride(),
                        c.padding());
            } else if (layer instanceof MaxPool2d && item instanceof LayerSpec.MaxPool m) {
                g.pool(name, true, m.kernel());
            } else if (layer instanceof AvgPool2d && item instanceof LayerSpec.AvgPool a) {
                g.pool(name, false, a.kernel());
            } else if (layer instanceof BatchNorm bn) {
                Parameter w = next(params, "weight"), b = next(params, "bias");
                String prefix = w.name().substring(0, w.name().length() - "weight".length());     // "1."
                g.batchNorm(name, prefix, values(w.value()), values(b.value()), values(bn.runningMean()),
                        values(bn.runningVar()), BatchNorm.EPS);
            } else if (layer instanceof Flatten) {
                g.flatten(name);
            } else {
                throw new UnexportableModelException(source + ": layer " + i + " (" + layer.kind()
                        + ", after shape " + g.shape() + ") has no ONNX export in digitnet; nothing written");
            }
        }
        g.softmax();
        return g.toProto("digitnet");
    }

    private static Parameter next(Iterator<Parameter> params, String local) {
        Parameter p = params.next();
        if (!p.name().endsWith("." + local)) {
            throw new IllegalStateException("expected a parameter ending in ." + local + ", got " + p.name());
        }
        return p;
    }

    private static float[] values(Tensor t) {
        return Arrays.copyOf(t.data, t.size());
    }

    /** The string values of the model file's {@code __metadata__}, in the file's order. */
    static Map<String, String> readMetadata(Path modelFile) {
        try {
            byte[] bytes = Files.readAllBytes(modelFile);
            long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonNode meta = new ObjectMapper().readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
                    .get("__metadata__");
            Map<String, String> out = new LinkedHashMap<>();
            meta.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (IOException | RuntimeException e) {
            // the file was checked by ModelFile.load just before: it changed in between
            throw new InputException(modelFile + ": cannot read the metadata again (" + e.getMessage() + ")", e);
        }
    }

    private static String version() {
        String v = OnnxExport.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
