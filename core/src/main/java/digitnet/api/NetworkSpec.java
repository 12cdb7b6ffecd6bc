package digitnet.api;

import digitnet.data.InvalidSettingException;
import digitnet.nn.Architecture;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Shape;
import java.util.List;

/**
 * The shape of a network, without its weights: a multilayer perceptron given by its hidden layer
 * sizes ({@link #mlp(int...)}), or a list of layers such as convolutions and pooling
 * ({@link #layers(LayerSpec...)}). The number of inputs and classes comes from the data it is
 * trained on.
 */
public sealed interface NetworkSpec {

    /**
     * A perceptron: inputs, then one ReLU layer of each hidden size, then one output per class.
     * {@code mlp(10)} is the notebook's 784-10-10 network; {@code mlp()} is a linear classifier.
     *
     * @param hidden the hidden layer sizes, first to last
     * @return the network shape
     */
    static NetworkSpec mlp(int... hidden) {
        return new Mlp(java.util.Arrays.stream(hidden).boxed().toList());
    }

    /**
     * A layer list, applied to images of 1 x height x width: for example
     * {@code layers(LayerSpec.conv(8, 3), LayerSpec.relu(), LayerSpec.maxPool(2), LayerSpec.flatten(),
     * LayerSpec.linear(10))}. The last item must be {@code LayerSpec.linear(classes)}.
     *
     * @param items the layers, first to last
     * @return the network shape
     */
    static NetworkSpec layers(LayerSpec... items) {
        return new Layers(List.of(items));
    }

    /**
     * The network for images of {@code height} x {@code width} and {@code classes} classes.
     *
     * @param height  image height
     * @param width   image width
     * @param classes number of classes
     * @return the architecture, checked
     * @throws InvalidSettingException when the network cannot work on such images; the message names
     *                                 the layer and why
     */
    Architecture architecture(int height, int width, int classes);

    /**
     * A multilayer perceptron. A size out of range is refused with an {@link InvalidSettingException}
     * naming {@code NetworkSpec.hidden}.
     *
     * @param hidden the hidden layer sizes, each 1..65536
     */
    record Mlp(List<Integer> hidden) implements NetworkSpec {
        /**
         * Checks the sizes.
         *
         * @param hidden the hidden layer sizes, each 1..65536
         */
        public Mlp {
            hidden = List.copyOf(hidden);
            for (int h : hidden) {
                if (h <= 0 || h > Architecture.MAX_UNITS) {
                    throw new InvalidSettingException("NetworkSpec", "hidden",
                            "sizes must be 1.." + Architecture.MAX_UNITS + ", got " + h);
                }
            }
        }

        @Override
        public Architecture architecture(int height, int width, int classes) {
            return Architecture.of(height * width, hidden, classes);
        }
    }

    /**
     * A list of layers on 1 x height x width images. An empty list is refused with an
     * {@link InvalidSettingException} naming {@code NetworkSpec.layers}.
     *
     * @param items the layers, first to last; not empty
     */
    record Layers(List<LayerSpec> items) implements NetworkSpec {
        /**
         * Checks that the list is not empty.
         *
         * @param items the layers, first to last
         */
        public Layers {
            items = List.copyOf(items);
            if (items.isEmpty()) {
                throw new InvalidSettingException("NetworkSpec", "layers", "must hold at least one layer, got none");
            }
        }

        @Override
        public Architecture architecture(int height, int width, int classes) {
            try {
                return Architecture.of(LayerList.of(Shape.image(height, width), items, classes));
            } catch (InvalidSettingException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("NetworkSpec", "layers", e.getMessage());
            }
        }
    }
}
