package digitnet.nn;

import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A sequence of layers that outputs logits; the loss ({@link SoftmaxCrossEntropy}) turns them
 * into probabilities. Either the perceptron of {@code --hidden} (Dense, ReLU, ..., Dense) or the
 * layers of a {@link LayerList}, one per item.
 */
public final class Network {
    private final Architecture architecture;
    private final List<Layer> layers;
    private final List<Parameter> parameters;
    private final List<Buffer> buffers;
    private final Map<String, int[]> stateShapes = new HashMap<>();
    private Tensor denseInput;   // (batch, inputs): sparse rows expanded for a first layer that is not linear
    private final ReluPool[] fused;   // at a ReLU followed by max pooling: the two run as one (ReluPool); else null
    // at a max pooling whose input is a convolution's output, a ReLU between or not: that convolution, else null; its
    // gradients may be read from the pooled gradient (Conv2d.backwardFromPooled), and the pooling's dX is never made
    private final Conv2d[] pooledConv;

    /**
     * @param countDropout whether dropout layers take a position in the names: yes for a layer
     *                     list (every item is counted, as in PyTorch's nn.Sequential of the list),
     *                     no for the perceptron, whose names are those of the network without dropout
     */
    private Network(Architecture architecture, List<Layer> layers, boolean countDropout) {
        this.architecture = architecture;
        this.layers = List.copyOf(layers);
        List<Parameter> ps = new ArrayList<>();
        List<Buffer> bs = new ArrayList<>();
        int index = 0;
        for (Layer layer : layers) {
            for (Parameter p : layer.parameters()) {
                ps.add(p.renamed(index + "." + p.name()));   // PyTorch nn.Sequential names: 0.weight, 0.bias, 2.weight ...
                stateShapes.put(index + "." + p.name(), layer.stateShape(p.name(), p.value()));
            }
            for (Buffer b : layer.buffers()) {
                bs.add(b.renamed(index + "." + b.name()));   // 1.running_mean, 1.running_var, 1.num_batches_tracked
                stateShapes.put(index + "." + b.name(), layer.stateShape(b.name(), b.value()));
            }
            if (countDropout || !(layer instanceof Dropout)) {
                index++;
            }
        }
        this.parameters = List.copyOf(ps);
        this.buffers = List.copyOf(bs);
        this.fused = new ReluPool[this.layers.size()];
        for (int i = 0; i + 1 < this.layers.size(); i++) {
            if (ReluPool.fuses(this.layers.get(i), this.layers.get(i + 1))) {
                fused[i] = new ReluPool((MaxPool2d) this.layers.get(i + 1));
            }
        }
        this.pooledConv = new Conv2d[this.layers.size()];
        for (int i = 1; i < this.layers.size(); i++) {
            int conv = fused[i - 1] != null ? i - 2 : i - 1;     // conv, pool or conv, relu, pool
            if (this.layers.get(i) instanceof MaxPool2d && conv >= 0 && this.layers.get(conv) instanceof Conv2d c) {
                pooledConv[i] = c;
            }
        }
    }

    /** A network with zero weights (filled by a model file or {@link #initialise}). */
    public static Network create(Architecture a) {
        return a.isLayerList() ? create(a.layers()) : create(a, 0);
    }

    /**
     * The network of a layer list, one layer per item; weights zero and batch norms in their
     * initial state until {@link #initialise} or a model file fills them.
     */
    public static Network create(LayerList list) {
        List<Layer> layers = new ArrayList<>();
        Shape shape = list.input();
        List<Shape> shapes = list.shapes();
        boolean trainedBefore = false;      // layers before the first with parameters pass no gradient on to anything
        for (int i = 0; i < list.items().size(); i++) {
            Layer layer = layer(list.items().get(i), shape, trainedBefore);
            layers.add(layer);
            trainedBefore |= !layer.parameters().isEmpty();
            shape = shapes.get(i);
        }
        return new Network(Architecture.of(list), layers, true);
    }

    // the layer of one item on input shape `in`; the first layer with parameters computes no input gradient
    private static Layer layer(LayerSpec item, Shape in, boolean needsInputGradient) {
        if (item instanceof LayerSpec.Conv c) {
            return new Conv2d(in, c.out(), c.kernel(), c.stride(), c.padding(), needsInputGradient);
        } else if (item instanceof LayerSpec.MaxPool m) {
            return new MaxPool2d(in, m.kernel());
        } else if (item instanceof LayerSpec.AvgPool a) {
            return new AvgPool2d(in, a.kernel());
        } else if (item instanceof LayerSpec.BatchNormSpec) {
            return new BatchNorm(in);
        } else if (item instanceof LayerSpec.ReluSpec) {
            return new Relu(in);
        } else if (item instanceof LayerSpec.DropoutSpec d) {
            return new Dropout(in, d.probability());
        } else if (item instanceof LayerSpec.FlattenSpec) {
            return new Flatten(in);
        } else if (item instanceof LayerSpec.Linear l) {
            return new Dense(in.size(), l.out(), needsInputGradient);
        }
        throw new IllegalArgumentException("no layer for " + item);
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
        return new Network(a, layers, false);
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

    /** Draws every weight in layer order; batch norms start as PyTorch's (weight 1, bias 0, mean 0, variance 1). */
    public void initialise(Init init, Random random) {
        for (Layer l : layers) {
            if (l instanceof Dense d) {
                init.apply(d, random);
            } else if (l instanceof Conv2d c) {
                int area = c.kernel() * c.kernel();
                init.apply(c.weight(), c.bias(), c.inputShape().channels() * area, c.outputShape().channels() * area, random);
            } else if (l instanceof BatchNorm b) {
                b.reset();
            }
        }
    }

    /** x: (batch, inputs) -> logits: (batch, classes); the returned tensor belongs to the last layer. */
    public Tensor forward(Tensor x, boolean training) {
        return forwardFrom(0, x, training);
    }

    // layers from..end on h, a ReLU and the max pooling after it as one step
    private Tensor forwardFrom(int from, Tensor h, boolean training) {
        for (int i = from; i < layers.size(); i++) {   // an index, not an iterator: a step allocates nothing
            if (fused[i] != null) {
                h = fused[i].forward(h, training);
                i++;
            } else {
                h = layers.get(i).forward(h, training);
            }
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
            denseInput = Tensor.ensure(denseInput, x.rows(), x.features());
            x.toDense(denseInput);
            return forward(denseInput, training);
        }
        return forwardFrom(1, first.forward(x), training);
    }

    /** dLogits: (batch, classes) -> writes every parameter's gradient, last layer first. */
    public void backward(Tensor dLogits) {
        Tensor d = dLogits;
        for (int i = layers.size() - 1; i >= 0; i--) {
            Conv2d conv = pooledConv[i];
            if (conv != null && conv.takesPooledGradient()) {     // a convolution and its pooling: the pooling's dX not made
                boolean relu = fused[i - 1] != null;
                d = conv.backwardFromPooled(relu ? fused[i - 1].pooledGradient(d) : d, ((MaxPool2d) layers.get(i)).argmax());
                i -= relu ? 2 : 1;
                if (d == null) {
                    return;                                        // a first layer makes no dX
                }
                continue;
            }
            if (i > 0 && fused[i - 1] != null) {
                d = fused[i - 1].backward(d);
                i--;
            } else {
                d = layers.get(i).backward(d);
            }
            if (d == null) {
                return;                                            // the first layer with parameters makes no dX
            }
        }
    }

    /** Named parameters in layer order: 0.weight, 0.bias, 2.weight, 2.bias, ... */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Named state kept but not trained, in layer order: 1.running_mean, 1.running_var, 1.num_batches_tracked, ... */
    public List<Buffer> buffers() {
        return buffers;
    }

    /** The shape PyTorch's state dict gives the parameter or buffer {@code name}, or null for no such name. */
    public int[] stateShape(String name) {
        int[] s = stateShapes.get(name);
        return s == null ? null : s.clone();
    }

    public List<Layer> layers() {
        return layers;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Copies all parameter and buffer values from another network of the same architecture. */
    public void copyWeightsFrom(Network other) {
        if (!other.architecture.equals(architecture)) {
            throw new IllegalArgumentException("architectures differ: " + other.architecture + " vs " + architecture);
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).value().copyFrom(other.parameters.get(i).value());
        }
        for (int i = 0; i < buffers.size(); i++) {
            buffers.get(i).value().copyFrom(other.buffers.get(i).value());
        }
    }
}
