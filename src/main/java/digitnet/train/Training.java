package digitnet.train;

import digitnet.data.Dataset;
import digitnet.data.Split;
import digitnet.nn.Architecture;
import digitnet.nn.Network;
import digitnet.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** One whole run from a labelled data set: split, build and initialise the network (or resume one), train. */
public final class Training {
    private Training() {}

    /** The name of the extra tensor holding the epochs (full batch: iterations) done, for resuming. */
    public static final String EPOCH = OptimizerState.PREFIX + "epoch";

    /**
     * The trained network, the data it saw and the run's record.
     *
     * @param test rows held out before the dev split and never used for any decision (may be empty)
     */
    public record Outcome(Network network, Dataset train, Dataset dev, Dataset test, TrainResult result,
                          Optimizer optimizer) {

        /** The optimizer state and epoch count as extra tensors for the model file ("optimizer.*"). */
        public Map<String, Tensor> checkpoint() {
            Map<String, Tensor> extras = new LinkedHashMap<>(optimizer.exportState(network.parameters()));
            Tensor epoch = new Tensor(1, 1);
            epoch.data[0] = result.epochsDone();
            extras.put(EPOCH, epoch);
            return extras;
        }
    }

    /** Where a resumed run starts: trained weights and the extras of the model file they came from. */
    public record Resume(Network network, Map<String, Tensor> extras) {}

    public static Outcome run(Dataset all, int devRows, TrainConfig config, TrainListener listener) {
        return run(all, devRows, 0, config, listener, null);
    }

    /**
     * Holds out {@code testRows} (shuffled with {@link Seeds#test}), then {@code devRows} of the rest
     * (shuffled with {@link Seeds#split}); trains on what remains. With {@code resume}, training goes on
     * from its weights, optimizer state and epoch count.
     */
    public static Outcome run(Dataset all, int devRows, int testRows, TrainConfig config, TrainListener listener,
                              Resume resume) {
        Dataset rest = all, test = all.subset(new int[0], all.source() + " (test)");
        if (testRows > 0) {
            Split outer = Split.of(all, testRows, Seeds.test(config.seed()));
            rest = outer.train();
            test = outer.dev();
        }
        Split split = Split.of(rest, devRows, Seeds.split(config.seed()));
        Architecture arch = Architecture.of(all.features(), config.hidden(), all.classes());
        Network network = Network.create(arch, config.dropout());
        Optimizer optimizer = config.optimizer().create(config.learningRate());
        int startEpoch = 0;
        if (resume == null) {
            network.initialise(config.init(), Seeds.random(Seeds.init(config.seed())));
        } else {
            network.copyWeightsFrom(resume.network());
            optimizer.importState(network.parameters(), resume.extras());
            Tensor epoch = resume.extras().get(EPOCH);
            if (epoch == null) {
                throw new IllegalArgumentException("no tensor " + EPOCH + ": the model holds no training state to resume");
            }
            startEpoch = (int) epoch.data[0];
        }
        TrainResult result = new Trainer(config, optimizer, listener).train(network, split.train(), split.dev(), startEpoch);
        return new Outcome(network, split.train(), split.dev(), test, result, optimizer);
    }
}
