package digitnet.train;

import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the checkpoint tensors a model file holds beside the weights, so that training can
 * resume: every name starts with {@link #PREFIX}, which cannot collide with a parameter's
 * ({@code N.weight}, {@code N.bias}). The only class that spells these names.
 *
 * <ul>
 *   <li>{@code optimizer.step}: the optimizer's step count (1 value, exact up to 2^24);
 *   <li>{@code optimizer.<parameter>.<slot>}: an optimizer slot with the parameter's shape, e.g.
 *       {@code optimizer.0.weight.velocity} or {@code optimizer.0.weight.m};
 *   <li>{@code optimizer.epoch}: epochs (full batch: iterations) done. Not optimizer state but the
 *       trainer's; it keeps the prefix so that files written before this class still resume.
 * </ul>
 */
public final class Checkpoint {
    /** Prefix of every checkpoint tensor. */
    public static final String PREFIX = "optimizer.";
    /** The optimizer's step count. */
    public static final String STEP = PREFIX + "step";
    /** Epochs (full batch: iterations) done, counting those before a resume. */
    public static final String EPOCH = PREFIX + "epoch";

    private Checkpoint() {}

    /** The name of optimizer slot {@code slot} of parameter {@code parameter}. */
    public static String slot(String parameter, String slot) {
        return PREFIX + parameter + "." + slot;
    }

    /** True for a checkpoint tensor's name, false for a parameter's. */
    public static boolean isCheckpointName(String name) {
        return name.startsWith(PREFIX);
    }

    /** The checkpoint of a run: the optimizer's state and the epochs done. */
    public static Map<String, Tensor> of(Optimizer optimizer, List<Parameter> parameters, int epochsDone) {
        Map<String, Tensor> tensors = new LinkedHashMap<>(optimizer.exportState(parameters));
        Tensor epoch = new Tensor(1, 1);
        epoch.data[0] = epochsDone;
        tensors.put(EPOCH, epoch);
        return tensors;
    }

    /** The epochs done that {@code tensors} record. */
    public static int epochsDone(Map<String, Tensor> tensors) {
        Tensor epoch = tensors.get(EPOCH);
        if (epoch == null || epoch.size() != 1) {
            throw new CheckpointException("no tensor " + EPOCH + ": the model holds no training state to resume");
        }
        return (int) epoch.data[0];
    }
}
