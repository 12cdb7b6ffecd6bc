package digitnet.nn;

import digitnet.tensor.MatMul;
import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;
import java.util.List;

/**
 * A fully connected layer, y = x W^T + b, with W of shape (out, in) as PyTorch's {@code Linear}.
 * The notebook's Z = W X + b with samples in columns is the same product transposed.
 */
public final class Dense implements Layer {
    private final int in, out;
    private final Tensor weight, bias;           // (out, in), (1, out)
    private final Tensor dWeight, dBias;         // (out, in), (1, out)
    private final boolean needsInputGradient;
    private Tensor x;                            // the forward input, kept for backward
    private Tensor y, dX;                        // buffers: (batch, out), (batch, in)

    /**
     * @param needsInputGradient false for the first layer: nothing consumes dX there, so the
     *                           largest product of the backward pass is skipped
     */
    public Dense(int in, int out, boolean needsInputGradient) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Dense(" + in + ", " + out + ")");
        }
        this.in = in;
        this.out = out;
        this.weight = new Tensor(out, in);
        this.bias = new Tensor(1, out);
        this.dWeight = new Tensor(out, in);
        this.dBias = new Tensor(1, out);
        this.needsInputGradient = needsInputGradient;
    }

    // x: (batch, in) -> y: (batch, out)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        y = Tensor.ensure(y, x.rows(), out);
        MatMul.multiplyTransB(x, weight, y);     // y = x W^T
        Ops.addRowVector(y, bias);               // y += b
        return y;
    }

    // dY: (batch, out) -> dX: (batch, in); writes dW (out, in), dB (1, out)
    @Override
    public Tensor backward(Tensor dY) {
        MatMul.multiplyTransA(dY, x, dWeight);  // y = x W^T  =>  dW = dY^T x
        Ops.sumRows(dY, dBias);                 // y += b     =>  dB = sum over samples of dY, per unit
        if (!needsInputGradient) {
            return null;
        }
        dX = Tensor.ensure(dX, dY.rows(), in);
        MatMul.multiply(dY, weight, dX);        // y = x W^T  =>  dX = dY W
        return dX;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weight", weight, dWeight), new Parameter("bias", bias, dBias));
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public int inputs() {
        return in;
    }

    @Override
    public int outputs() {
        return out;
    }

    @Override
    public String kind() {
        return "linear";
    }
}
