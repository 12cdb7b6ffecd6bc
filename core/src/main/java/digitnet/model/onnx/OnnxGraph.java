package digitnet.model.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the ONNX graph of a network one layer at a time, in the order of the layers. It keeps
 * the name of the last value and its shape: digitnet's shape of one sample (channels, height,
 * width), held in ONNX either as a matrix [n, channels*height*width] or as an image batch
 * [n, channels, height, width]. Both hold the same numbers in the same order (digitnet's columns
 * are NCHW), so switching between them is a Reshape or a Flatten and never moves data.
 *
 * <p>The graph starts at input {@code pixels} [n, channels*height*width] (raw 0..255, each image
 * channel-major as NCHW: all red bytes, then green, then blue for colour), multiplies by the
 * model's pixel scale, and ends with {@link #softmax} at output {@code probabilities} [n, classes].
 */
final class OnnxGraph {
    static final String INPUT = "pixels";
    static final String OUTPUT = "probabilities";
    static final String BATCH = "n";

    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final int inputFeatures;
    private String current;
    private int channels, height, width;
    private boolean image;                 // held as [n, C, H, W] rather than [n, C*H*W]
    private int classes;

    // pixels: (n, channels*height*width) -> scaled: (n, channels*height*width), x = pixel * scale
    OnnxGraph(int channels, int height, int width, float pixelScale) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.inputFeatures = channels * height * width;
        initializers.add(OnnxProto.floatTensor("pixel_scale", new long[0], new float[] {pixelScale}));
        current = add("Mul", "input.Mul", new String[] {INPUT, "pixel_scale"});
    }

    // x: (n, in) -> y: (n, out), y = x W^T + b with W (out, in) as stored
    void linear(String layer, String weightName, float[] weight, String biasName, float[] bias, int out) {
        asMatrix(layer);
        int in = features();
        initializers.add(OnnxProto.floatTensor(weightName, new long[] {out, in}, weight));
        initializers.add(OnnxProto.floatTensor(biasName, new long[] {out}, bias));
        current = add("Gemm", layer + ".Gemm", new String[] {current, weightName, biasName},
                OnnxProto.intAttribute("transB", 1));
        setShape(out, 1, 1);
    }

    // x: any shape -> y: same shape, max(x, 0)
    void relu(String layer) {
        current = add("Relu", layer + ".Relu", new String[] {current});
    }

    // x: (n, in, H, W) -> y: (n, out, (H + 2 pad - k) / stride + 1, (W + 2 pad - k) / stride + 1)
    void conv(String layer, String weightName, float[] weight, String biasName, float[] bias,
              int out, int kernel, int stride, int pad) {
        asImage(layer);
        initializers.add(OnnxProto.floatTensor(weightName, new long[] {out, channels, kernel, kernel}, weight));
        initializers.add(OnnxProto.floatTensor(biasName, new long[] {out}, bias));
        current = add("Conv", layer + ".Conv", new String[] {current, weightName, biasName},
                OnnxProto.intsAttribute("kernel_shape", kernel, kernel),
                OnnxProto.intsAttribute("strides", stride, stride),
                OnnxProto.intsAttribute("pads", pad, pad, pad, pad));
        setShape(out, (height + 2 * pad - kernel) / stride + 1, (width + 2 * pad - kernel) / stride + 1);
    }

    // x: (n, C, H, W) -> y: (n, C, H / k, W / k), the maximum (or mean) of each k x k window, stride k
    void pool(String layer, boolean max, int kernel) {
        asImage(layer);
        String op = max ? "MaxPool" : "AveragePool";
        current = add(op, layer + "." + op, new String[] {current},
                OnnxProto.intsAttribute("kernel_shape", kernel, kernel),
                OnnxProto.intsAttribute("strides", kernel, kernel));
        setShape(channels, height / kernel, width / kernel);
    }

    /**
     * Inference batch norm over channels (an image) or over features (a matrix):
     * y = (x - runningMean) / sqrt(runningVar + eps) * weight + bias, per channel.
     */
    // x: (n, C, H, W) or (n, C) -> y: same shape
    void batchNorm(String layer, String prefix, float[] weight, float[] bias, float[] runningMean,
                   float[] runningVar, float eps) {
        if (height != 1 || width != 1) {
            asImage(layer);
        }
        long[] dims = {channels};
        String[] names = {prefix + "weight", prefix + "bias", prefix + "running_mean", prefix + "running_var"};
        float[][] values = {weight, bias, runningMean, runningVar};
        for (int i = 0; i < names.length; i++) {
            initializers.add(OnnxProto.floatTensor(names[i], dims, values[i]));
        }
        String[] inputs = {current, names[0], names[1], names[2], names[3]};
        current = add("BatchNormalization", layer + ".BatchNormalization", inputs,
                OnnxProto.floatAttribute("epsilon", eps));
    }

    // x: (n, C, H, W) -> y: (n, C*H*W)
    void flatten(String layer) {
        asMatrix(layer);
        setShape(features(), 1, 1);
    }

    // logits: (n, classes) -> probabilities: (n, classes), softmax of each row
    void softmax() {
        asMatrix("output");
        classes = features();
        nodes.add(OnnxProto.node("Softmax", "output.Softmax", new String[] {current}, OUTPUT,
                OnnxProto.intAttribute("axis", 1)));
        current = OUTPUT;
    }

    /** GraphProto: node = 1, name = 2, initializer = 5, doc_string = 10, input = 11, output = 12. */
    ProtoWriter toProto(String name) {
        if (!OUTPUT.equals(current)) {
            throw new IllegalStateException("the graph does not end with softmax");
        }
        ProtoWriter g = new ProtoWriter();
        for (ProtoWriter n : nodes) {
            g.message(1, n);
        }
        g.string(2, name);
        for (ProtoWriter t : initializers) {
            g.message(5, t);
        }
        g.message(11, OnnxProto.floatValueInfo(INPUT, BATCH, inputFeatures));
        g.message(12, OnnxProto.floatValueInfo(OUTPUT, BATCH, classes));
        return g;
    }

    /** The shape of one sample after the layers added so far, "CxHxW". */
    String shape() {
        return channels + "x" + height + "x" + width;
    }

    int features() {
        return channels * height * width;
    }

    private void asImage(String layer) {
        if (!image) {
            String shapeName = layer + ".shape";
            initializers.add(OnnxProto.int64Tensor(shapeName, new long[] {4}, new long[] {-1, channels, height, width}));
            current = add("Reshape", layer + ".Reshape", new String[] {current, shapeName});
            image = true;
        }
    }

    private void asMatrix(String layer) {
        if (image) {
            current = add("Flatten", layer + ".Flatten", new String[] {current}, OnnxProto.intAttribute("axis", 1));
            image = false;
        }
    }

    private void setShape(int c, int h, int w) {
        if (c <= 0 || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("a layer leaves a shape of " + c + "x" + h + "x" + w);
        }
        channels = c;
        height = h;
        width = w;
    }

    /** Adds a node whose one output is named as the node; returns that name. */
    private String add(String op, String name, String[] inputs, ProtoWriter... attributes) {
        nodes.add(OnnxProto.node(op, name, inputs, name, attributes));
        return name;
    }
}
