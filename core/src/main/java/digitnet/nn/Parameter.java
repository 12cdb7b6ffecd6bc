package digitnet.nn;

import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;

/**
 * A named trainable tensor and its gradient, of the same shape. Names follow PyTorch's
 * {@code nn.Sequential} state dict ({@code 0.weight}, {@code 0.bias}, ...), so the model file can
 * be loaded there too.
 *
 * <p>A layer keeps a parameter in the layout its kernels read. When that is the transpose of the
 * state dict's (a linear layer keeps W^T, (in, out), where PyTorch keeps W, (out, in)),
 * {@code transposed} says so, and {@link #toState} and {@link #fromState} convert: the model file,
 * the checkpoint and the ONNX export see the state dict's layout only.
 */
public record Parameter(String name, Tensor value, Tensor grad, boolean transposed) {
    public Parameter {
        if (value.rows() != grad.rows() || value.cols != grad.cols) {
            throw new IllegalArgumentException(name + ": gradient shape differs from value shape");
        }
    }

    /** A parameter kept in the state dict's layout. */
    public Parameter(String name, Tensor value, Tensor grad) {
        this(name, value, grad, false);
    }

    public Parameter renamed(String newName) {
        return new Parameter(newName, value, grad, transposed);
    }

    /** A new tensor holding t (this parameter's layout, e.g. its value or an optimizer's moment) in the state dict's layout. */
    public Tensor toState(Tensor t) {
        requireShape(t.rows(), t.cols, "toState");
        if (!transposed) {
            return t.copy();
        }
        Tensor s = new Tensor(t.cols, t.rows());
        Ops.transpose(t, s);
        return s;
    }

    /** Copies {@code state} (the state dict's layout: as many values as t) into t (this parameter's layout). */
    public void fromState(Tensor state, Tensor t) {
        requireShape(t.rows(), t.cols, "fromState");
        if (state.size() != t.size()) {
            throw new IllegalArgumentException(name + ": " + state.size() + " values for a tensor of " + t.size());
        }
        if (!transposed) {
            System.arraycopy(state.data, 0, t.data, 0, t.size());
        } else {
            Ops.transpose(new Tensor(t.cols, t.rows(), state.data), t);
        }
    }

    private void requireShape(int rows, int cols, String op) {
        if (rows != value.rows() || cols != value.cols) {
            throw new IllegalArgumentException(name + "." + op + ": (" + rows + ", " + cols + ") is not the shape of "
                    + value);
        }
    }
}
