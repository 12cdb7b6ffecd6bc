package digitnet.nn;

import digitnet.tensor.Tensor;
import java.util.Random;

/**
 * Inverted dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting", JMLR 2014; scaled at training time as PyTorch's {@code nn.Dropout}): in training
 * each unit is kept with probability 1 - p and scaled by 1 / (1 - p), so that at inference the
 * layer is the identity. Masks are drawn from the generator given by {@link #setNoise}.
 */
public final class Dropout implements Layer {
    private final Shape shape;
    private final int size;
    private final float p;
    private Random random = new Random(0);
    private Tensor mask, y, dX;                  // (batch, n) each
    private boolean lastWasTraining;

    /** On n features. */
    public Dropout(int size, double p) {
        this(Shape.flat(size), p);
    }

    /** On activations of any shape: each element is dropped on its own, as PyTorch's {@code Dropout}. */
    public Dropout(Shape shape, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.shape = shape;
        this.size = shape.size();
        this.p = (float) p;
    }

    /** The generator masks are drawn from (the run's noise stream, see train.Seeds.noise). */
    public void setNoise(Random random) {
        this.random = random;
    }

    // x: (batch, n) -> y: (batch, n); training: y = x * mask, mask = (u >= p) / (1 - p); inference: y = x
    @Override
    public Tensor forward(Tensor x, boolean training) {
        lastWasTraining = training;
        if (!training || p == 0f) {
            return x;
        }
        mask = Tensor.ensure(mask, x.rows(), size);
        float keep = 1f / (1f - p);
        float[] M = mask.data;
        for (int i = 0, n = x.size(); i < n; i++) {
            M[i] = random.nextFloat() >= p ? keep : 0f;
        }
        return forwardSameMask(x);
    }

    /** y = x * mask with the mask of the last training forward pass (for gradient checks). */
    public Tensor forwardSameMask(Tensor x) {
        y = Tensor.ensure(y, x.rows(), size);
        float[] X = x.data, M = mask.data, Y = y.data;
        for (int i = 0, n = x.size(); i < n; i++) {
            Y[i] = X[i] * M[i];
        }
        return y;
    }

    // dY: (batch, n) -> dX: (batch, n); y = x * mask  =>  dX = dY * mask (identity at inference)
    @Override
    public Tensor backward(Tensor dY) {
        if (!lastWasTraining || p == 0f) {
            return dY;
        }
        dX = Tensor.ensure(dX, dY.rows(), size);
        float[] D = dY.data, M = mask.data, DX = dX.data;
        for (int i = 0, n = dY.size(); i < n; i++) {
            DX[i] = D[i] * M[i];
        }
        return dX;
    }

    /** The mask of the last training forward pass: 0 or 1 / (1 - p) per element. */
    public Tensor mask() {
        return mask;
    }

    public double probability() {
        return p;
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
        return "dropout";
    }
}
