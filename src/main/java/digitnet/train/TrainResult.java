package digitnet.train;

import java.util.List;

/**
 * What a training run produced besides the trained network.
 *
 * @param history       every progress record, in order (the dev-accuracy curve)
 * @param iterations    optimizer steps taken in this run
 * @param trainSeconds  time in the training loop alone (no loading, no saving)
 * @param epochsDone    epochs (full batch: iterations) completed, counting those before a resume
 * @param bestEpoch     the epoch (iteration) whose weights were kept by early stopping; -1 without it
 * @param stopReason    "completed", "patience" (early stopping) or "max-seconds" (time budget)
 */
public record TrainResult(List<Progress> history, int iterations, double trainSeconds, int epochsDone,
                          int bestEpoch, String stopReason) {
    public TrainResult {
        history = List.copyOf(history);
    }
}
