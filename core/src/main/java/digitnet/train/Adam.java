package digitnet.train;

import digitnet.data.InvalidSettingException;
import digitnet.tensor.Ops;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2015, Algorithm 1), with
 * L2 weight decay added to the gradient as PyTorch's {@code torch.optim.Adam(weight_decay=lambda)}:
 * <pre>
 *   g := dw + lambda * w
 *   m := beta1 * m + (1 - beta1) * g
 *   v := beta2 * v + (1 - beta2) * g^2
 *   w := w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 * m is set to 0 below {@link Ops#MOMENT_FLOOR} and v below the smallest normal float ({@link Ops#adam}:
 * subnormal floats, in the moments or in the step of a dead unit's weights, cost about a hundred times
 * the time on x86).
 */
public final class Adam extends OptimizerState {
    public static final double EPSILON = 1e-8;
    private final float beta1, beta2;
    private float correction1, correction2;      // this step's bias corrections, 1 - beta^t

    public Adam(double learningRate, double beta1, double beta2, double weightDecay) {
        super(learningRate, weightDecay, "m", "v");
        this.beta1 = checkBeta("beta1", beta1);
        this.beta2 = checkBeta("beta2", beta2);
    }

    @Override
    protected void beforeUpdates() {
        correction1 = correction(beta1, steps);
        correction2 = correction(beta2, steps);
    }

    @Override
    protected void update(int index, float[] w, float[] dw, int from, int to, float lr, float decay) {
        float[] m = slot(0, index), v = slot(1, index);
        moments(m, v, w, dw, from, to, lr, decay, beta1, beta2, correction1, correction2);
    }

    /** The bias correction 1 - beta^t of step t. */
    static float correction(float beta, long t) {
        return (float) (1 - Math.pow(beta, t));
    }

    /** The Adam update shared with {@link AdamW} (which passes decay 0 after decaying w itself). */
    static void moments(float[] m, float[] v, float[] w, float[] dw, int from, int to, float lr, float decay,
                        float beta1, float beta2, float correction1, float correction2) {
        Ops.adam(m, v, w, dw, from, to, lr, decay, beta1, beta2, correction1, correction2, (float) EPSILON);   // m below Ops.MOMENT_FLOOR and v below the smallest normal float set to 0
    }

    /**
     * Adam's update (about 15 operations a value) is split over the threads from 16,384 values: on the 784-128-10
     * network at batch 64 and 2 threads, the 784 x 128 weight's took 73-114 us on the calling thread alone (28 us in
     * a 1-thread run: the weight, its gradient and the moments had last been touched by the other core), 48-61 split.
     */
    @Override
    protected long splitGrain() {
        return 1 << 14;
    }

    @Override
    public String name() {
        return "adam";
    }

    static float checkBeta(String name, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new InvalidSettingException("OptimizerSettings", name, "must be in [0, 1), got " + beta);
        }
        return (float) beta;
    }
}
