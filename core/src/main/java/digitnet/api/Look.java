package digitnet.api;

import java.util.List;

/**
 * One image through a network layer by layer: the prediction, and the output of every convolution
 * and pooling layer on the way (none for a perceptron). Returned by {@link Model#look(byte[])}.
 *
 * @param prediction what the network reads in the image
 * @param maps       the feature maps of its convolution and pooling layers, in layer order
 */
public record Look(Prediction prediction, List<FeatureMap> maps) {
    /**
     * @param prediction what the network reads
     * @param maps       the feature maps (copied)
     */
    public Look {
        maps = List.copyOf(maps);
    }
}
