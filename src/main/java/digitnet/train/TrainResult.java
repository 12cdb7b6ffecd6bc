package digitnet.train;

import java.util.List;

/**
 * What a training run produced besides the trained network.
 *
 * @param history       every progress record, in order
 * @param iterations    optimizer steps taken
 * @param trainSeconds  time in the training loop alone (no loading, no saving)
 */
public record TrainResult(List<Progress> history, int iterations, double trainSeconds) {
    public TrainResult {
        history = List.copyOf(history);
    }
}
