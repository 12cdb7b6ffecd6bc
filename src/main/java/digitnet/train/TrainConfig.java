package digitnet.train;

import digitnet.nn.Init;
import java.util.List;

/**
 * How to train. {@code batchSize == 0} means full-batch gradient descent for {@code iterations}
 * steps (the notebook); otherwise mini-batches for {@code epochs} epochs, reshuffled each epoch.
 *
 * @param every report progress every this many iterations (full batch); mini-batch runs report each epoch
 */
public record TrainConfig(List<Integer> hidden, Init init, int iterations, int epochs, int batchSize,
                          double learningRate, int every, long seed) {

    public TrainConfig {
        hidden = List.copyOf(hidden);
        if (init == null) {
            throw new IllegalArgumentException("init must be given");
        }
        if (iterations < 0 || epochs < 0 || batchSize < 0) {
            throw new IllegalArgumentException("iterations, epochs and batch size must be >= 0");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (every <= 0) {
            throw new IllegalArgumentException("--every must be >= 1, got " + every);
        }
    }

    /** The notebook: 784-10-10, uniform init, full batch, 500 iterations, alpha 1, progress every 10. */
    public static TrainConfig notebook(long seed) {
        return new TrainConfig(List.of(10), Init.UNIFORM, 500, 0, 0, 1.0, 10, seed);
    }

    public boolean fullBatch() {
        return batchSize == 0;
    }
}
