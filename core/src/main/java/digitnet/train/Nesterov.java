package digitnet.train;

import digitnet.tensor.Ops;

/**
 * Nesterov's accelerated gradient in the form PyTorch uses ({@code SGD(momentum=mu, nesterov=True)}):
 * the step looks ahead along the updated velocity.
 * <pre>
 *   g := dw + lambda * w
 *   v := mu * v + g
 *   w := w - lr * (g + mu * v)
 * </pre>
 * (Nesterov 1983; Sutskever et al. 2013, eq. 3-4; Bengio et al., "Advances in optimizing recurrent networks", 2013.)
 */
public final class Nesterov extends OptimizerState {
    private final float mu;

    public Nesterov(double learningRate, double momentum, double weightDecay) {
        super(learningRate, weightDecay, "velocity");
        this.mu = Momentum.checkMomentum(momentum);
    }

    @Override
    protected void update(int index, float[] w, float[] dw, int from, int to, float lr, float decay) {
        float[] v = slot(0, index);
        for (int i = from; i < to; i++) {
            float g = dw[i] + decay * w[i];
            float vi = mu * v[i] + g;
            v[i] = Math.abs(vi) < Ops.MOMENT_FLOOR ? 0f : vi;     // flushed: see Ops#MOMENT_FLOOR
            w[i] -= lr * (g + mu * v[i]);
        }
    }

    @Override
    public String name() {
        return "nesterov";
    }
}
