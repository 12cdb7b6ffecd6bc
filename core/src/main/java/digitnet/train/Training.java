package digitnet.train;

import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.Network;
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

    /** A run from fresh weights, its progress to {@code listener}. */
    public static Outcome run(Dataset all, Settings settings, ProgressListener listener) {
        return run(all, settings, listener, null);
    }

    /**
     * Cuts {@code all} with {@link Splits#of} as {@link Settings#heldOut} says and trains on the train part.
     * With {@code resume}, training goes on from its weights, optimizer state and epoch count.
     */
    public static Outcome run(Dataset all, Settings settings, ProgressListener listener, Resume resume) {
        return run(all, settings, listener, resume, null);
    }

    /**
     * As {@link #run(Dataset, Settings, ProgressListener, Resume)}, a {@link Stopping#maxSeconds} budget counted
     * from {@code from} ({@link BudgetStart}; null: the training loop alone).
     */
    public static Outcome run(Dataset all, Settings settings, ProgressListener listener, Resume resume, BudgetStart from) {
        HeldOutRows heldOut = settings.heldOut();
        Splits splits = Splits.of(all, heldOut.devRows(), heldOut.testRows(), settings.seed());
        Architecture arch = settings.network().architecture(all.channels(), all.height(), all.width(), all.classes());
        Network network = arch.isLayerList() ? Network.create(arch) : Network.create(arch, settings.network().dropout());
        Optimizer optimizer = settings.optimizer().create();
        int startEpoch = 0;
        if (resume == null) {
            network.initialise(settings.init(), Seeds.random(Seeds.init(settings.seed())));
        } else {
            network.copyWeightsFrom(resume.network());
            optimizer.importState(network.parameters(), resume.checkpoint());
            startEpoch = Checkpoint.epochsDone(resume.checkpoint());
        }
        TrainResult result = new Trainer(settings, optimizer, listener, from).train(network, splits.train(), splits.dev(), startEpoch);
        return new Outcome(network, splits.train(), splits.dev(), splits.test(), result, optimizer);
    }
}
