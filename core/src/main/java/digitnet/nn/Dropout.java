package digitnet.nn;

import digitnet.data.SplitMix64;
import digitnet.tensor.RangeJob;
import digitnet.tensor.Tensor;
import java.util.Random;

/**
 * Inverted dropout (Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting", JMLR 2014; scaled at training time as PyTorch's {@code nn.Dropout}): in training
 * each unit is kept with probability 1 - p and scaled by 1 / (1 - p), so that at inference the
 * layer is the identity. Each training pass takes one {@code long} from the generator given by
 * {@link #setNoise} and expands it with SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014): output j gives elements 2j and 2j + 1 the uniforms
 * u = (its bits 40..63) / 2^24 and (its bits 8..31) / 2^24, and an element is kept when u >= p. One
 * draw from the shared generator per pass instead of one per element (java.util.Random's draws cost
 * 13 ns each: 1.3 ms of a Keras convnet step of 15 ms).
 */
public final class Dropout implements Layer {
    private final Shape shape;
    private final int size;
    private final float p;
    private Random random = new Random(0);
    private Tensor mask, y, dX;                  // (batch, n) each
    private final MaskJob job = new MaskJob();
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
        y = Tensor.ensure(y, x.rows(), size);
        job.run(x.data, mask.data, y.data, x.size(), random.nextLong(), p);   // mask as fillMask, y = x * mask
        return y;
    }

    // mask[i] = u_i >= p ? 1 / (1 - p) : 0 for i < n, u_i as in the class comment
    static void fillMask(float[] mask, int n, long seed, float p) {
        fillMask(mask, n, 0, (n + 1) / 2, seed, p);
    }

    // the pairs [j0, j1) of fillMask: output j of the stream is mix(seed + (j + 1) GOLDEN), so any range of pairs is
    // made on its own; u >= p is bits >= ceil(p 2^24), chosen without a branch (the keep bits and-ed with all ones or none)
    private static void fillMask(float[] mask, int n, int j0, int j1, long seed, float p) {
        int keep = Float.floatToRawIntBits(1f / (1f - p));
        long threshold = (long) Math.ceil(p * (double) (1 << 24));
        long state = seed + j0 * SplitMix64.GOLDEN;
        for (int j = j0, i = 2 * j0; j < j1; j++, i += 2) {
            long z = SplitMix64.mix(state += SplitMix64.GOLDEN);
            mask[i] = Float.intBitsToFloat(keep & ~(int) (((z >>> 40) - threshold) >> 63));
            if (i + 1 < n) {
                mask[i + 1] = Float.intBitsToFloat(keep & ~(int) ((((z >>> 8) & 0xFFFFFF) - threshold) >> 63));
            }
        }
    }

    /**
     * The mask and y = x * mask by ranges of pairs over the kernel threads: the same floats at any thread count (the
     * Keras convnet's 102,400 a step took 0.13 ms on one thread, a fiftieth of its step).
     */
    private static final class MaskJob extends RangeJob {
        private static final long GRAIN = 1 << 14;
        private float[] x, mask, y;
        private int n;
        private long seed;
        private float p;

        void run(float[] x, float[] mask, float[] y, int n, long seed, float p) {
            this.x = x;
            this.mask = mask;
            this.y = y;
            this.n = n;
            this.seed = seed;
            this.p = p;
            split((n + 1) / 2, 8, n, GRAIN);
        }

        @Override
        protected void range(int j0, int j1) {
            fillMask(mask, n, j0, j1, seed, p);
            for (int i = 2 * j0, end = Math.min(n, 2 * j1); i < end; i++) {
                y[i] = x[i] * mask[i];
            }
        }
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
