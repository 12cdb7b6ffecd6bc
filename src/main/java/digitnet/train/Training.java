package digitnet.train;

import digitnet.data.Dataset;
import digitnet.data.Split;
import digitnet.nn.Architecture;
import digitnet.nn.Network;

/** One whole run from a labelled data set: split, build and initialise the network, train. */
public final class Training {
    private Training() {}

    /** The trained network, the data it saw and the run's record. */
    public record Outcome(Network network, Dataset train, Dataset dev, TrainResult result) {}

    public static Outcome run(Dataset all, int devRows, TrainConfig config, TrainListener listener) {
        Split split = Split.of(all, devRows, Seeds.split(config.seed()));
        Architecture arch = Architecture.of(all.features(), config.hidden(), all.classes());
        Network network = Network.initialised(arch, config.init(), Seeds.init(config.seed()));
        Optimizer optimizer = new Sgd(config.learningRate());
        TrainResult result = new Trainer(config, optimizer, listener).train(network, split.train(), split.dev());
        return new Outcome(network, split.train(), split.dev(), result);
    }
}
