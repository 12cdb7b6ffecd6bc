package digitnet.nn;

import digitnet.tensor.Tensor;
import java.util.List;

/**
 * One step of the network. {@code forward} keeps what {@code backward} needs; both return
 * buffers the layer owns (valid until its next call), so a training step allocates nothing once
 * the buffers have grown to the batch size. A batch is a tensor of (batch, size) whose columns
 * hold each sample in the layout of its {@link Shape} (channels, height, width).
 */
public interface Layer {
    /** x: (batch, inputs) -> y: (batch, outputs). {@code training} switches on e.g. dropout. */
    Tensor forward(Tensor x, boolean training);

    /** dY: (batch, outputs) -> dX: (batch, inputs); writes the gradients of {@link #parameters()}. */
    Tensor backward(Tensor dY);

    /** Trainable parameters with local names ("weight", "bias"); empty for activations. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** State kept but not trained (batch norm's running statistics), with local names; usually none. */
    default List<Buffer> buffers() {
        return List.of();
    }

    /**
     * The shape of a parameter or buffer as PyTorch's state dict holds it: by default (n,) for a
     * bias and (rows, cols) otherwise; a convolution's weight is (out, in, K, K).
     */
    default int[] stateShape(String localName, Tensor value) {
        return localName.equals("bias") ? new int[] {value.cols} : new int[] {value.rows(), value.cols};
    }

    /** The shape of one input sample. */
    Shape inputShape();

    /** The shape of one output sample. */
    Shape outputShape();

    default int inputs() {
        return inputShape().size();
    }

    default int outputs() {
        return outputShape().size();
    }

    /**
     * A short name for messages ("linear", "relu", "dropout"). The model file does not hold it: it
     * records the architecture (see {@link Architecture}), from which {@link Network} rebuilds the layers.
     */
    String kind();
}
