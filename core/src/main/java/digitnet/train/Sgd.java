package digitnet.train;

/**
 * Plain gradient descent, the notebook's update, with optional L2 weight decay:
 * {@code w := w - lr * (dw + lambda * w)}. (Robbins and Monro 1951; PyTorch's {@code torch.optim.SGD}.)
 */
public final class Sgd extends OptimizerState {

    public Sgd(double learningRate) {
        this(learningRate, 0);
    }

    public Sgd(double learningRate, double weightDecay) {
        super(learningRate, weightDecay);
    }

    @Override
    protected void update(int index, float[] w, float[] g, int from, int to, float lr, float decay) {
        for (int i = from; i < to; i++) {
            w[i] -= lr * (g[i] + decay * w[i]);
        }
    }

    @Override
    public String name() {
        return "sgd";
    }
}
