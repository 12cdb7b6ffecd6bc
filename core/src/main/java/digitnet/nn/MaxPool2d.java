package digitnet.nn;

import digitnet.tensor.PoolOps;
import digitnet.tensor.Tensor;

/** Max pooling over K x K windows with stride K, as PyTorch's {@code MaxPool2d(K)}. */
public final class MaxPool2d implements Layer {
    private final Shape in, out;
    private final int kernel;
    private Tensor y, dX;                        // (batch, C*OH*OW), (batch, C*H*W)
    private int[] argmax = new int[0];           // batch*C*OH*OW: where each maximum came from
    private final int[] corners;                 // 2x2 windows: each window's top-left entry in a sample, else null

    public MaxPool2d(Shape in, int kernel) {
        if (kernel <= 0 || kernel > in.height() || kernel > in.width()) {
            throw new IllegalArgumentException("max pooling " + kernel + " does not fit input " + in);
        }
        this.in = in;
        this.kernel = kernel;
        this.out = Shape.of(in.channels(), in.height() / kernel, in.width() / kernel);
        this.corners = kernel == 2 ? PoolOps.corners(in.channels(), in.height(), in.width()) : null;
    }

    // x: (batch, C*H*W) -> y: (batch, C*OH*OW)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        y = Tensor.ensure(y, x.rows(), out.size());
        if (argmax.length < y.size()) {
            argmax = new int[y.capacityRows() * out.size()];
        }
        PoolOps.maxPool(x, in.channels(), in.height(), in.width(), kernel, y, argmax, corners);   // y = max over window, argmax = where
        return y;
    }

    // dY: (batch, C*OH*OW) -> dX: (batch, C*H*W)
    @Override
    public Tensor backward(Tensor dY) {
        dX = Tensor.ensure(dX, dY.rows(), in.size());
        PoolOps.maxPoolBackward(dY, argmax, in.channels(), in.height(), in.width(), kernel, dX);   // y = x[argmax]  =>  dX[argmax] = dY
        return dX;
    }

    /** The input gradient of the last backward pass; null while none was made (a first convolution's fused pass makes none). */
    Tensor inputGradient() {
        return dX;
    }

    /** Where each maximum of the last forward pass came from: an index into its input, batch*C*OH*OW of them. */
    int[] argmax() {
        return argmax;
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    @Override
    public String kind() {
        return "maxpool";
    }
}
