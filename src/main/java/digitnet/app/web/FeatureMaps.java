package digitnet.app.web;

import digitnet.model.ModelInfo;
import digitnet.nn.AvgPool2d;
import digitnet.nn.Conv2d;
import digitnet.nn.Layer;
import digitnet.nn.MaxPool2d;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.nn.SoftmaxCrossEntropy;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One image through a network layer by layer, keeping what each convolution and pooling layer
 * made of it: the page draws these feature maps under the prediction. Each channel is scaled to
 * grey levels 0..255 from its own minimum to its maximum. Bounded: at most
 * {@link #MAX_CHANNELS} channels per layer and {@link #MAX_VALUES} grey levels in all; a
 * perceptron has none. One instance per thread (the network keeps its buffers).
 */
final class FeatureMaps {
    /** Channels drawn per layer (the first ones). */
    static final int MAX_CHANNELS = 16;
    /** Grey levels in one answer, all layers together; layers past it are left out. */
    static final int MAX_VALUES = 32 * 1024;

    /**
     * The maps of one layer.
     *
     * @param layer    the layer's position in the list (0-based, as the model file's names)
     * @param kind     "conv", "maxpool" or "avgpool"
     * @param shape    the layer's whole output (channels, height, width)
     * @param channels the channels drawn (the first ones, at most {@link #MAX_CHANNELS})
     * @param grey     channels x height x width grey levels 0..255, channel by channel, row-major
     * @param min      each drawn channel's lowest activation (grey 0)
     * @param max      each drawn channel's highest activation (grey 255)
     */
    record LayerMaps(int layer, String kind, Shape shape, int channels, byte[] grey, float[] min, float[] max) {}

    /** The prediction and the maps of one image. */
    record Result(float[] probabilities, List<LayerMaps> maps) {}

    private final Network network;
    private final Tensor input, probabilities;

    FeatureMaps(Network network) {
        this.network = network;
        this.input = new Tensor(1, network.architecture().inputs());
        this.probabilities = new Tensor(1, network.architecture().classes());
    }

    /** Whether the network has any convolution or pooling layer, i.e. any maps to draw. */
    static boolean hasMaps(Network network) {
        for (Layer l : network.layers()) {
            if (drawn(l)) {
                return true;
            }
        }
        return false;
    }

    /** pixels: bytes 0..255 of one image -> the class probabilities and the maps (in layer order). */
    Result run(byte[] pixels) {
        for (int j = 0; j < pixels.length; j++) {
            input.data[j] = (float) ((pixels[j] & 0xFF) * ModelInfo.PIXEL_SCALE);
        }
        List<LayerMaps> maps = new ArrayList<>();
        int values = 0;
        Tensor h = input;
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            h = l.forward(h, false);
            if (drawn(l)) {
                Shape s = l.outputShape();
                int channels = Math.min(s.channels(), MAX_CHANNELS);
                if (values + channels * s.area() <= MAX_VALUES) {
                    maps.add(grey(i, l.kind(), s, channels, h));
                    values += channels * s.area();
                }
            }
        }
        SoftmaxCrossEntropy.softmax(h, probabilities);
        return new Result(Arrays.copyOf(probabilities.data, network.architecture().classes()), List.copyOf(maps));
    }

    private static boolean drawn(Layer l) {
        return l instanceof Conv2d || l instanceof MaxPool2d || l instanceof AvgPool2d;
    }

    // y: (1, C*H*W) in NCHW order -> the first `channels` channels as grey levels
    private static LayerMaps grey(int layer, String kind, Shape s, int channels, Tensor y) {
        int area = s.area();
        byte[] grey = new byte[channels * area];
        float[] min = new float[channels], max = new float[channels];
        for (int c = 0; c < channels; c++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < area; p++) {
                float v = y.data[c * area + p];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float range = hi - lo;
            for (int p = 0; p < area; p++) {
                float v = y.data[c * area + p];
                grey[c * area + p] = (byte) (range > 0 ? Math.round(255 * (v - lo) / range) : 0);
            }
            min[c] = lo;
            max[c] = hi;
        }
        return new LayerMaps(layer, kind, s, channels, grey, min, max);
    }
}
