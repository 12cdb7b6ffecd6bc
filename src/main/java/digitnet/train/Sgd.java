package digitnet.train;

import digitnet.nn.Parameter;
import java.util.List;

/** Plain gradient descent, the notebook's update: w := w - alpha * dw. */
public final class Sgd implements Optimizer {
    private double learningRate;

    public Sgd(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public void step(List<Parameter> parameters) {
        float lr = (float) learningRate;
        for (int k = 0; k < parameters.size(); k++) {   // indexed: an iterator would be allocated each step
            Parameter p = parameters.get(k);
            float[] w = p.value().data, g = p.grad().data;
            int n = p.value().size();
            for (int i = 0; i < n; i++) {
                w[i] -= lr * g[i];
            }
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public String name() {
        return "sgd";
    }
}
