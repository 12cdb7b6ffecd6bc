package digitnet.nn;

import digitnet.tensor.Ops;
import digitnet.tensor.Tensor;

/**
 * A {@link Relu} followed by a {@link MaxPool2d}, run as one step by {@link Network}: the pooling
 * first, on the rectifier's input, then the rectifier on the pooled map, a K*K-th of the size. The
 * same values both ways: max(0, max over a window) = max over the window of max(0, x), and where a
 * window's maximum is not positive every gradient of the window is 0 both ways (the rectifier
 * passes none); elsewhere both take the window's first largest entry. The two layers stay what they
 * are (the model file, the layer-by-layer view); only the work moves.
 */
final class ReluPool {
    private final MaxPool2d pool;
    private Tensor pooled;      // (batch, C*OH*OW): the pool's output, rectified in place
    private Tensor dPooled;     // (batch, C*OH*OW)

    ReluPool(MaxPool2d pool) {
        this.pool = pool;
    }

    /** Whether {@code first} then {@code second} can run as one {@link ReluPool}. */
    static boolean fuses(Layer first, Layer second) {
        return first instanceof Relu && second instanceof MaxPool2d;
    }

    // x: (batch, C*H*W) -> y: (batch, C*OH*OW) = max(0, maxpool(x))
    Tensor forward(Tensor x, boolean training) {
        pooled = pool.forward(x, training);       // y = max over window of x, argmax = where
        Ops.relu(pooled, pooled);                 // y = max(0, y)
        return pooled;
    }

    // dY: (batch, C*OH*OW) -> dX: (batch, C*H*W)
    Tensor backward(Tensor dY) {
        return pool.backward(pooledGradient(dY));   // p = x[argmax]  =>  dX[argmax] = dP
    }

    // dY: (batch, C*OH*OW) -> dP: (batch, C*OH*OW), the gradient of the pooled map before the rectifier (what the
    // convolution before it reads in Conv2d.backwardFromPooled, with the pooling's argmax, in place of the pooling's dX)
    Tensor pooledGradient(Tensor dY) {
        dPooled = Tensor.ensure(dPooled, dY.rows(), dY.cols);
        Ops.reluBackward(pooled, dY, dPooled);    // y = max(0, p)  =>  dP = dY where y > 0, else 0
        return dPooled;
    }
}
