package digitnet.nn;

import digitnet.tensor.MatMul;
import digitnet.tensor.Ops;
import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;
import java.util.List;

/**
 * A fully connected layer, y = x W^T + b, with W of shape (out, in) as PyTorch's {@code Linear}.
 * The notebook's Z = W X + b with samples in columns is the same product transposed.
 *
 * <p>The layer keeps W^T, (in, out): the layout both products of a step read as they stand.
 * Forward, y = x W^T streams its rows; backward, dW^T = x^T dY is written in place. The input
 * is dense rows or, for a first layer, the images' non-zero bytes ({@link SparseRows}); both
 * compute the same function and MatMul picks the kernel. Only a hidden layer, which must also
 * return dX = dY W, copies W out of W^T for that product (out x in floats, against batch x in x
 * out multiply-adds); the first layer, the large one, transposes nothing. The model file, the
 * checkpoint and the ONNX export see W, (out, in) ({@link Parameter#transposed()}).
 */
public final class Dense implements Layer {
    private final int in, out;
    private final Tensor weightT, bias;          // W^T: (in, out), b: (1, out)
    private final Tensor dWeightT, dBias;        // dW^T: (in, out), dB: (1, out)
    private final Parameter weightParameter, biasParameter;
    private final boolean needsInputGradient;
    private Tensor x;                            // the forward input, kept for backward (or null)
    private SparseRows sparseX;                  // or the sparse forward input
    private Tensor y, dX;                        // buffers: (batch, out), (batch, in)
    private Tensor weight;                       // W: (out, in), for dX in a hidden layer only

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
        this.weightT = new Tensor(in, out);
        this.bias = new Tensor(1, out);
        this.dWeightT = new Tensor(in, out);
        this.dBias = new Tensor(1, out);
        this.weightParameter = new Parameter("weight", weightT, dWeightT, true);
        this.biasParameter = new Parameter("bias", bias, dBias);
        this.needsInputGradient = needsInputGradient;
    }

    // x: (batch, in) -> y: (batch, out)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        this.sparseX = null;
        y = Tensor.ensure(y, x.rows(), out);
        MatMul.multiplyAddBias(x, weightT, bias, y);        // y = x W^T + b
        return y;
    }

    // x: (batch, in) as non-zero bytes -> y: (batch, out)
    public Tensor forward(SparseRows x) {
        if (x.features() != in) {
            throw new IllegalArgumentException("Dense(" + in + ", " + out + ") given " + x);
        }
        this.x = null;
        this.sparseX = x;
        y = Tensor.ensure(y, x.rows(), out);
        MatMul.sparseMultiply(x, weightT, bias, y);         // y = x W^T + b
        return y;
    }

    // dY: (batch, out) -> dX: (batch, in); writes dW^T (in, out), dB (1, out)
    @Override
    public Tensor backward(Tensor dY) {
        if (sparseX != null) {
            MatMul.sparseMultiplyTransA(sparseX, dY, dWeightT);   // y = x W^T  =>  dW^T = x^T dY
        } else {
            MatMul.multiplyTransA(x, dY, dWeightT);               // y = x W^T  =>  dW^T = x^T dY
        }
        Ops.sumRows(dY, dBias);                             // y += b     =>  dB = sum over samples of dY, per unit
        if (!needsInputGradient) {
            return null;
        }
        if (sparseX != null) {
            throw new IllegalStateException("a layer fed sparse rows has no input gradient");
        }
        weight = Tensor.ensure(weight, out, in);
        Ops.transpose(weightT, weight);
        dX = Tensor.ensure(dX, dY.rows(), in);
        MatMul.multiply(dY, weight, dX);                    // y = x W^T  =>  dX = dY W
        return dX;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weightParameter, biasParameter);
    }

    /** The state dict's shape of the weight, W: (out, in); of the bias, (out). */
    @Override
    public int[] stateShape(String localName, Tensor value) {
        return localName.equals("bias") ? new int[] {out} : new int[] {out, in};
    }

    /** A copy of W, (out, in): row u holds the weights of unit u (for pictures and checks). */
    public Tensor weightByUnit() {
        return weightParameter.toState(weightT);
    }

    /** Sets W from (out, in) values: row u holds the weights of unit u. */
    public void setWeightByUnit(Tensor w) {
        if (w.rows() != out || w.cols != in) {
            throw new IllegalArgumentException("Dense(" + in + ", " + out + ") weight given " + w);
        }
        weightParameter.fromState(w, weightT);
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Shape inputShape() {
        return Shape.flat(in);
    }

    @Override
    public Shape outputShape() {
        return Shape.flat(out);
    }

    @Override
    public String kind() {
        return "linear";
    }
}
