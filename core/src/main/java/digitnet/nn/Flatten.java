package digitnet.nn;

import digitnet.tensor.Tensor;

/**
 * Flattens (C, H, W) into C*H*W features, as PyTorch's {@code Flatten}. A batch already holds each
 * sample as one row in that order, so only the shape changes: forward and backward pass their
 * tensors through.
 */
public final class Flatten implements Layer {
    private final Shape in, out;

    public Flatten(Shape in) {
        this.in = in;
        this.out = Shape.flat(in.size());
    }

    // x: (batch, C*H*W) as C x H x W -> y: the same tensor, as C*H*W features
    @Override
    public Tensor forward(Tensor x, boolean training) {
        return x;
    }

    // dY: (batch, C*H*W) -> dX: the same tensor
    @Override
    public Tensor backward(Tensor dY) {
        return dY;
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
        return "flatten";
    }
}
