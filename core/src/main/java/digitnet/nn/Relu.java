package digitnet.nn;

import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;

/** The rectifier, y = max(0, x), applied element-wise. */
public final class Relu implements Layer {
    private final Shape shape;
    private final int size;
    private Tensor y, dX;

    /** On n features. */
    public Relu(int size) {
        this(Shape.flat(size));
    }

    /** On activations of any shape (element-wise, so only the size matters). */
    public Relu(Shape shape) {
        this.shape = shape;
        this.size = shape.size();
    }

    // x: (batch, n) -> y: (batch, n)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        y = Tensor.ensure(y, x.rows(), size);
        Ops.relu(x, y);                          // y = max(0, x)
        return y;
    }

    // dY: (batch, n) -> dX: (batch, n)
    @Override
    public Tensor backward(Tensor dY) {
        dX = Tensor.ensure(dX, dY.rows(), size);
        Ops.reluBackward(y, dY, dX);             // y = max(0, x)  =>  dX = dY where y > 0, else 0
        return dX;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public String kind() {
        return "relu";
    }
}
