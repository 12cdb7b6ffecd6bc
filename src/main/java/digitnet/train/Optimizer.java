package digitnet.train;

import digitnet.nn.Parameter;
import java.util.List;

/** Updates parameters from their gradients. State (velocities, moments) lives inside the optimizer. */
public interface Optimizer {
    /** One update of every parameter from its current gradient. */
    void step(List<Parameter> parameters);

    double learningRate();

    void setLearningRate(double learningRate);

    /** A short name for messages and the model file ("sgd"). */
    String name();
}
