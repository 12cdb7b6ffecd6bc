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
 * <p>The input is either a dense tensor or, for the first layer, the images' non-zero bytes
 * ({@link SparseRows}); both compute the same function. Products run as x (W^T): W is copied
 * transposed before each batch (out x in floats, small next to batch x in x out multiply-adds)
 * so that the kernels stream contiguous rows.
 */
public final class Dense implements Layer {
    /** Below this many rows, y = x W^T is computed by dot products rather than transposing W first. */
    private static final int TRANSPOSE_MIN_ROWS = 32;

    private final int in, out;
    private final Tensor weight, bias;           // (out, in), (1, out)
    private final Tensor dWeight, dBias;         // (out, in), (1, out)
    private final boolean needsInputGradient;
    private Tensor x;                            // the forward input, kept for backward (or null)
    private SparseRows sparseX;                  // or the sparse forward input
    private Tensor y, dX;                        // buffers: (batch, out), (batch, in)
    private Tensor weightT, weightTPadded;       // W^T: (in, out), (in, paddedWidth(out))
    private Tensor dYPadded, dWeightT;           // (batch, paddedWidth(out)), (in, out)

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
        this.sparseX = null;
        y = Tensor.ensure(y, x.rows(), out);
        if (x.rows() < TRANSPOSE_MIN_ROWS) {
            MatMul.multiplyTransB(x, weight, y);            // y = x W^T
            Ops.addRowVector(y, bias);                      // y += b
        } else {
            weightT = Tensor.ensure(weightT, in, out);
            Ops.transpose(weight, weightT);
            MatMul.multiplyAddBias(x, weightT, bias, y);    // y = x W^T + b
        }
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
        if (weightTPadded == null) {
            weightTPadded = new Tensor(in, MatMul.paddedWidth(out));
        }
        Ops.transpose(weight, weightTPadded);
        MatMul.sparseMultiply(x, weightTPadded, bias, y);   // y = x W^T + b
        return y;
    }

    // dY: (batch, out) -> dX: (batch, in); writes dW (out, in), dB (1, out)
    @Override
    public Tensor backward(Tensor dY) {
        if (sparseX != null) {
            sparseWeightGradient(dY);
        } else {
            MatMul.multiplyTransA(dY, x, dWeight);          // y = x W^T  =>  dW = dY^T x
        }
        Ops.sumRows(dY, dBias);                             // y += b     =>  dB = sum over samples of dY, per unit
        if (!needsInputGradient) {
            return null;
        }
        if (sparseX != null) {
            throw new IllegalStateException("a layer fed sparse rows has no input gradient");
        }
        dX = Tensor.ensure(dX, dY.rows(), in);
        MatMul.multiply(dY, weight, dX);                    // y = x W^T  =>  dX = dY W
        return dX;
    }

    // dW^T = x^T dY with x read by columns, then transposed into dW (out, in)
    private void sparseWeightGradient(Tensor dY) {
        int padded = MatMul.paddedWidth(out);
        dYPadded = Tensor.ensure(dYPadded, dY.rows(), padded);
        Ops.copyColumns(dY, dYPadded);
        dWeightT = Tensor.ensure(dWeightT, in, out);
        MatMul.sparseMultiplyTransA(sparseX, dYPadded, dWeightT);
        Ops.transpose(dWeightT, dWeight);
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
