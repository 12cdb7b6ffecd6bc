package digitnet.nn;

import digitnet.tensor.Tensor;

/**
 * A named trainable tensor and its gradient, of the same shape. Names follow PyTorch's
 * {@code nn.Sequential} state dict ({@code 0.weight}, {@code 0.bias}, ...), so the model file can
 * be loaded there too.
 */
public record Parameter(String name, Tensor value, Tensor grad) {
    public Parameter {
        if (value.rows() != grad.rows() || value.cols != grad.cols) {
            throw new IllegalArgumentException(name + ": gradient shape differs from value shape");
        }
    }

    public Parameter renamed(String newName) {
        return new Parameter(newName, value, grad);
    }
}
