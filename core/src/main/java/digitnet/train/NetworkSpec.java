package digitnet.train;

import digitnet.data.InvalidSettingException;
import digitnet.nn.Architecture;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The shape of a network, without its weights: a multilayer perceptron given by its hidden layer
 * sizes and dropout ({@link #mlp(int...)}), or a list of layers such as convolutions and pooling
 * ({@link #layers(LayerSpec...)}). The number of inputs and classes comes from the data it is
 * trained on.
 */
public sealed interface NetworkSpec {

    /**
     * A perceptron without dropout: inputs, then one ReLU layer of each hidden size, then one output
     * per class. {@code mlp(10)} is the notebook's 784-10-10 network; {@code mlp()} is a linear classifier.
     *
     * @param hidden the hidden layer sizes, first to last
     * @return the network shape
     */
    static Mlp mlp(int... hidden) {
        return new Mlp(Arrays.stream(hidden).boxed().toList(), 0);
    }

    /**
     * A layer list, applied to images of channels x height x width: for example
     * {@code layers(LayerSpec.conv(8, 3), LayerSpec.relu(), LayerSpec.maxPool(2), LayerSpec.flatten(),
     * LayerSpec.linear(10))}. The last item must be {@code LayerSpec.linear(classes)}.
     *
     * @param items the layers, first to last
     * @return the network shape
     */
    static Layers layers(LayerSpec... items) {
        return new Layers(List.of(items));
    }

    /**
     * The shape of a trained network ({@code dropout} is not in its weights: a perceptron's comes from
     * how it was trained).
     *
     * @param a       the architecture
     * @param dropout a perceptron's dropout
     * @return the network shape
     */
    static NetworkSpec of(Architecture a, double dropout) {
        return a.isLayerList() ? new Layers(a.layers().items()) : new Mlp(a.hidden(), dropout);
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
    default Architecture architecture(int height, int width, int classes) {
        return architecture(1, height, width, classes);
    }

    /**
     * The network for images of {@code channels} x {@code height} x {@code width} (colour images have
     * 3 channels) and {@code classes} classes.
     *
     * @param channels 1 (grey) or 3 (red, green, blue)
     * @param height   image height
     * @param width    image width
     * @param classes  number of classes
     * @return the architecture, checked
     * @throws InvalidSettingException when the network cannot work on such images; the message names
     *                                 the layer and why
     */
    Architecture architecture(int channels, int height, int width, int classes);

    /** @return the dropout after each hidden layer of a perceptron; 0 for a layer list (its items place it) */
    double dropout();

    /** @return the same shape without a perceptron's dropout, as a trained network's weights describe it */
    NetworkSpec withoutDropout();

    /**
     * A multilayer perceptron. A size out of range is refused with an {@link InvalidSettingException}
     * naming {@code NetworkSpec.hidden}, a dropout out of [0, 1) naming {@code NetworkSpec.dropout}.
     *
     * @param hidden  the hidden layer sizes, each 1..65536
     * @param dropout the dropout probability after each hidden layer, in [0, 1) (training only)
     */
    record Mlp(List<Integer> hidden, double dropout) implements NetworkSpec {
        /**
         * Checks the sizes and the dropout.
         *
         * @param hidden  the hidden layer sizes, each 1..65536
         * @param dropout the dropout probability, in [0, 1)
         */
        public Mlp {
            hidden = List.copyOf(hidden);
            for (int h : hidden) {
                if (h <= 0 || h > Architecture.MAX_UNITS) {
                    throw new InvalidSettingException("NetworkSpec", "hidden",
                            "sizes must be 1.." + Architecture.MAX_UNITS + ", got " + h);
                }
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new InvalidSettingException("NetworkSpec", "dropout", "must be in [0, 1), got " + dropout);
            }
        }

        /**
         * @param dropout the dropout probability after each hidden layer, in [0, 1)
         * @return this perceptron with that dropout
         */
        public Mlp withDropout(double dropout) {
            return new Mlp(hidden, dropout);
        }

        @Override
        public Mlp withoutDropout() {
            return new Mlp(hidden, 0);
        }

        @Override
        public Architecture architecture(int channels, int height, int width, int classes) {
            return Architecture.of(channels * height * width, hidden, classes);
        }
    }

    /**
     * A list of layers on channels x height x width images. An empty list is refused with an
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
        public double dropout() {
            return 0;
        }

        @Override
        public Layers withoutDropout() {
            return this;
        }

        @Override
        public Architecture architecture(int channels, int height, int width, int classes) {
            try {
                return Architecture.of(LayerList.of(Shape.of(channels, height, width), items, classes));
            } catch (InvalidSettingException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("NetworkSpec", "layers", e.getMessage());
            }
        }
    }
}
