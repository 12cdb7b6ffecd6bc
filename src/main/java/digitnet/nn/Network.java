package digitnet.nn;

import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A sequence of layers: Dense, ReLU, Dense, ReLU, ..., Dense. It outputs logits; the loss
 * ({@link SoftmaxCrossEntropy}) turns them into probabilities.
 */
public final class Network {
    private final Architecture architecture;
    private final List<Layer> layers;
    private final List<Parameter> parameters;

    private Network(Architecture architecture, List<Layer> layers) {
        this.architecture = architecture;
        this.layers = List.copyOf(layers);
        List<Parameter> ps = new ArrayList<>();
        int index = 0;
        for (Layer layer : layers) {
            for (Parameter p : layer.parameters()) {
                ps.add(p.renamed(index + "." + p.name()));   // PyTorch nn.Sequential names: 0.weight, 0.bias, 2.weight ...
            }
            if (!(layer instanceof Dropout)) {
                index++;   // dropout is the identity at inference: names are those of the network without it
            }
        }
        this.parameters = List.copyOf(ps);
    }

    /** A network with zero weights (filled by a model file or {@link #initialise}). */
    public static Network create(Architecture a) {
        return create(a, 0);
    }

    /**
     * A network with zero weights and, when {@code dropout > 0}, a {@link Dropout} layer after
     * each hidden ReLU. Parameter names do not count the dropout layers, so the trained weights
     * load into the network without them.
     */
    public static Network create(Architecture a, double dropout) {
        List<Layer> layers = new ArrayList<>();
        List<Integer> sizes = a.sizes();
        for (int i = 0; i + 1 < sizes.size(); i++) {
            layers.add(new Dense(sizes.get(i), sizes.get(i + 1), i > 0));
            if (i + 2 < sizes.size()) {
                layers.add(new Relu(sizes.get(i + 1)));
                if (dropout > 0) {
                    layers.add(new Dropout(sizes.get(i + 1), dropout));
                }
            }
        }
        return new Network(a, layers);
    }

    /** Dropout layers draw their masks from {@code random}. */
    public void setNoise(Random random) {
        for (Layer l : layers) {
            if (l instanceof Dropout d) {
                d.setNoise(random);
            }
        }
    }

    /** A network whose weights are drawn by {@code init} from a generator seeded with {@code seed}. */
    public static Network initialised(Architecture a, Init init, long seed) {
        Network n = create(a);
        n.initialise(init, new Random(seed));
        return n;
    }

    public void initialise(Init init, Random random) {
        for (Layer l : layers) {
            if (l instanceof Dense d) {
                init.apply(d, random);
            }
        }
    }

    /** x: (batch, inputs) -> logits: (batch, classes); the returned tensor belongs to the last layer. */
    public Tensor forward(Tensor x, boolean training) {
        Tensor h = x;
        for (int i = 0; i < layers.size(); i++) {      // an index, not an iterator: a step allocates nothing
            h = layers.get(i).forward(h, training);
        }
        return h;
    }

    /**
     * x: (batch, inputs) given as the images' non-zero bytes -> logits: (batch, classes). The first
     * layer reads the bytes directly; the result equals {@link #forward(Tensor, boolean)} on the
     * same pixels scaled to floats, up to rounding.
     */
    public Tensor forward(SparseRows x, boolean training) {
        if (!(layers.get(0) instanceof Dense first)) {
            throw new IllegalStateException("sparse input needs a linear first layer, not " + layers.get(0).kind());
        }
        Tensor h = first.forward(x);
        for (int i = 1; i < layers.size(); i++) {
            h = layers.get(i).forward(h, training);
        }
        return h;
    }

    /** dLogits: (batch, classes) -> writes every parameter's gradient, last layer first. */
    public void backward(Tensor dLogits) {
        Tensor d = dLogits;
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d);
        }
    }

    /** Named parameters in layer order: 0.weight, 0.bias, 2.weight, 2.bias, ... */
    public List<Parameter> parameters() {
        return parameters;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Copies all parameter values from another network of the same architecture. */
    public void copyWeightsFrom(Network other) {
        if (!other.architecture.equals(architecture)) {
            throw new IllegalArgumentException("architectures differ: " + other.architecture + " vs " + architecture);
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).value().copyFrom(other.parameters.get(i).value());
        }
    }
}
