package digitnet.nn;

import digitnet.tensor.Tensor;
import java.util.List;

/**
 * One step of the network. {@code forward} keeps what {@code backward} needs; both return
 * buffers the layer owns (valid until its next call), so a training step allocates nothing once
 * the buffers have grown to the batch size.
 */
public interface Layer {
    /** x: (batch, inputs) -> y: (batch, outputs). {@code training} switches on e.g. dropout. */
    Tensor forward(Tensor x, boolean training);

    /** dY: (batch, outputs) -> dX: (batch, inputs); writes the gradients of {@link #parameters()}. */
    Tensor backward(Tensor dY);

    /** Trainable parameters with local names ("weight", "bias"); empty for activations. */
    List<Parameter> parameters();

    int inputs();

    int outputs();

    /**
     * A short name for messages ("linear", "relu", "dropout"). The model file does not hold it: it
     * records the architecture (see {@link Architecture}), from which {@link Network} rebuilds the layers.
     */
    String kind();
}
