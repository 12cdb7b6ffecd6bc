package digitnet.api;

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
 * One image through a network layer by layer in eval mode, keeping the output of each convolution
 * and pooling layer. One instance per model (the network keeps its buffers).
 */
final class LayerByLayer {
    record Result(float[] probabilities, List<FeatureMap> maps) {}

    private final Network network;
    private final Tensor input, probabilities;

    LayerByLayer(Network network) {
        this.network = network;
        this.input = new Tensor(1, network.architecture().inputs());
        this.probabilities = new Tensor(1, network.architecture().classes());
    }

    static boolean hasMaps(Network network) {
        return network.layers().stream().anyMatch(LayerByLayer::drawn);
    }

    /** pixels: bytes 0..255 of one image -> the class probabilities and the maps (in layer order). */
    Result run(byte[] pixels) {
        for (int j = 0; j < pixels.length; j++) {
            input.data[j] = (float) ((pixels[j] & 0xFF) * ModelInfo.PIXEL_SCALE);
        }
        List<FeatureMap> maps = new ArrayList<>();
        Tensor h = input;                                   // (1, C*H*W) in NCHW order between layers
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            h = l.forward(h, false);
            if (drawn(l)) {
                Shape s = l.outputShape();
                maps.add(new FeatureMap(i, l.kind(), s.channels(), s.height(), s.width(),
                        Arrays.copyOf(h.data, s.channels() * s.area())));
            }
        }
        SoftmaxCrossEntropy.softmax(h, probabilities);
        return new Result(Arrays.copyOf(probabilities.data, network.architecture().classes()), maps);
    }

    private static boolean drawn(Layer l) {
        return l instanceof Conv2d || l instanceof MaxPool2d || l instanceof AvgPool2d;
    }
}
