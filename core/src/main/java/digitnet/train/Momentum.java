package digitnet.train;

import digitnet.tensor.Ops;

import digitnet.data.InvalidSettingException;

/**
 * Gradient descent with (heavy-ball) momentum, as PyTorch's {@code SGD(momentum=mu)}:
 * <pre>
 *   g := dw + lambda * w
 *   v := mu * v + g
 *   w := w - lr * v
 * </pre>
 * (Polyak 1964; Sutskever et al., "On the importance of initialization and momentum in deep learning", 2013.)
 */
public final class Momentum extends OptimizerState {
    private final float mu;

    public Momentum(double learningRate, double momentum, double weightDecay) {
        super(learningRate, weightDecay, "velocity");
        this.mu = checkMomentum(momentum);
    }

    @Override
    protected void update(int index, float[] w, float[] dw, int from, int to, float lr, float decay) {
        float[] v = slot(0, index);
        for (int i = from; i < to; i++) {
            float g = dw[i] + decay * w[i];
            float vi = mu * v[i] + g;
            v[i] = Math.abs(vi) < Ops.MOMENT_FLOOR ? 0f : vi;     // flushed: see Ops#MOMENT_FLOOR
            w[i] -= lr * v[i];
        }
    }

    @Override
    public String name() {
        return "momentum";
    }

    static float checkMomentum(double momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new InvalidSettingException("OptimizerSettings", "momentum", "must be in [0, 1), got " + momentum);
        }
        return (float) momentum;
    }
}
