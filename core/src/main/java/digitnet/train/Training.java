package digitnet.train;

import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.tensor.Tensor;
import java.util.Map;

/** One whole run from a labelled data set: split, build and initialise the network (or resume one), train. */
public final class Training {
    private Training() {}

    /**
     * The trained network, the data it saw and the run's record.
     *
     * @param test rows held out before the dev split and never used for any decision (may be empty)
     */
    public record Outcome(Network network, Dataset train, Dataset dev, Dataset test, TrainResult result,
                          Optimizer optimizer) {

        /** The optimizer state and epoch count as checkpoint tensors for the model file (see {@link Checkpoint}). */
        public Map<String, Tensor> checkpoint() {
            return Checkpoint.of(optimizer, network.parameters(), result.epochsDone());
        }
    }

    /** Where a resumed run starts: trained weights and the checkpoint tensors of the model file they came from. */
    public record Resume(Network network, Map<String, Tensor> checkpoint) {}

    public static Outcome run(Dataset all, int devRows, TrainConfig config, TrainListener listener) {
        return run(all, devRows, 0, config, listener, null);
    }

    /**
     * Cuts {@code all} with {@link Splits#of} and trains on the train part. With {@code resume},
     * training goes on from its weights, optimizer state and epoch count.
     */
    public static Outcome run(Dataset all, int devRows, int testRows, TrainConfig config, TrainListener listener,
                              Resume resume) {
        Splits splits = Splits.of(all, devRows, testRows, config.seed());
        Architecture arch = config.architecture(Shape.image(all.height(), all.width()), all.classes());
        Network network = arch.isLayerList() ? Network.create(arch) : Network.create(arch, config.dropout());
        Optimizer optimizer = config.optimizer().create(config.learningRate());
        int startEpoch = 0;
        if (resume == null) {
            network.initialise(config.init(), Seeds.random(Seeds.init(config.seed())));
        } else {
            network.copyWeightsFrom(resume.network());
            optimizer.importState(network.parameters(), resume.checkpoint());
            startEpoch = Checkpoint.epochsDone(resume.checkpoint());
        }
        TrainResult result = new Trainer(config, optimizer, listener).train(network, splits.train(), splits.dev(), startEpoch);
        return new Outcome(network, splits.train(), splits.dev(), splits.test(), result, optimizer);
    }
}
