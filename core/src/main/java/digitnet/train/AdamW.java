package digitnet.train;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019, Algorithm 2), as PyTorch's {@code torch.optim.AdamW}: the weights
 * shrink by {@code lr * lambda} before the Adam step, and the decay never enters the moments.
 * <pre>
 *   w := w - lr * lambda * w
 *   m := beta1 * m + (1 - beta1) * dw
 *   v := beta2 * v + (1 - beta2) * dw^2
 *   w := w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 */
public final class AdamW extends OptimizerState {
    private final float beta1, beta2;
    private float correction1, correction2;      // this step's bias corrections, as Adam's

    public AdamW(double learningRate, double beta1, double beta2, double weightDecay) {
        super(learningRate, weightDecay, "m", "v");
        this.beta1 = Adam.checkBeta("beta1", beta1);
        this.beta2 = Adam.checkBeta("beta2", beta2);
    }

    @Override
    protected void beforeUpdates() {
        correction1 = Adam.correction(beta1, steps);
        correction2 = Adam.correction(beta2, steps);
    }

    @Override
    protected void update(int index, float[] w, float[] dw, int from, int to, float lr, float decay) {
        float shrink = 1 - lr * decay;
        for (int i = from; i < to; i++) {
            w[i] *= shrink;
        }
        Adam.moments(slot(0, index), slot(1, index), w, dw, from, to, lr, 0f, beta1, beta2, correction1, correction2);
    }

    /** Split over the threads as Adam's update is ({@link Adam#splitGrain}). */
    @Override
    protected long splitGrain() {
        return 1 << 14;
    }

    @Override
    public String name() {
        return "adamw";
    }
}
