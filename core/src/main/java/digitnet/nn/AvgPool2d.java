package digitnet.nn;

import digitnet.tensor.PoolOps;
import digitnet.tensor.Tensor;

/** Average pooling over K x K windows with stride K, as PyTorch's {@code AvgPool2d(K)}. */
public final class AvgPool2d implements Layer {
    private final Shape in, out;
    private final int kernel;
    private Tensor y, dX;                        // (batch, C*OH*OW), (batch, C*H*W)

    public AvgPool2d(Shape in, int kernel) {
        if (kernel <= 0 || kernel > in.height() || kernel > in.width()) {
            throw new IllegalArgumentException("average pooling " + kernel + " does not fit input " + in);
        }
        this.in = in;
        this.kernel = kernel;
        this.out = Shape.of(in.channels(), in.height() / kernel, in.width() / kernel);
    }

    // x: (batch, C*H*W) -> y: (batch, C*OH*OW)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        y = Tensor.ensure(y, x.rows(), out.size());
        PoolOps.avgPool(x, in.channels(), in.height(), in.width(), kernel, y);   // y = mean over window
        return y;
    }

    // dY: (batch, C*OH*OW) -> dX: (batch, C*H*W)
    @Override
    public Tensor backward(Tensor dY) {
        dX = Tensor.ensure(dX, dY.rows(), in.size());
        PoolOps.avgPoolBackward(dY, in.channels(), in.height(), in.width(), kernel, dX);   // y = mean  =>  dX = dY / K^2 over window
        return dX;
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
        return "avgpool";
    }
}
