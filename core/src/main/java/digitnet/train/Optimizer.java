package digitnet.train;

import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. State (velocities, moments, the step count) lives
 * inside the optimizer and can be exported and imported as named tensors, so that a saved model
 * can continue training where it stopped. The names are listed in {@link OptimizerState}.
 */
public interface Optimizer {
    /** One update of every parameter from its current gradient; always the same list, in the same order. */
    void step(List<Parameter> parameters);

    double learningRate();

    void setLearningRate(double learningRate);

    /** A short name for messages and the model file ("sgd"). */
    String name();

    /** The state as tensors named {@code optimizer.<parameter>.<slot>} plus {@code optimizer.step}. */
    Map<String, Tensor> exportState(List<Parameter> parameters);

    /**
     * Replaces the state with tensors named as {@link #exportState} names them.
     *
     * @throws IllegalArgumentException naming the first missing or misshapen tensor
     */
    void importState(List<Parameter> parameters, Map<String, Tensor> state);
}
