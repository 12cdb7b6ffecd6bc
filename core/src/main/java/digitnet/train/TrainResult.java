package digitnet.train;

import java.util.List;

/**
 * What a training run produced besides the trained network.
 *
 * @param history       every progress record, in order (the dev-accuracy curve)
 * @param iterations    optimizer steps taken in this run
 * @param trainSeconds  wall time from the start of this run's first step to the end of its last, the
 *                      first (warm-up) steps and the dev evaluations between reports included; loading,
 *                      splitting and saving not. The same definition for full-batch and mini-batch runs.
 * @param epochsDone    epochs (full batch: iterations) completed, counting those before a resume
 * @param bestEpoch     the epoch (iteration) whose weights were kept by early stopping; -1 without it
 * @param stopReason    why the run stopped
 * @param lastLearningRate the learning rate of the last step taken (NaN when none was): how far the
 *                      schedule annealed, also when a time budget ended the run
 */
public record TrainResult(List<Progress> history, int iterations, double trainSeconds, int epochsDone,
                          int bestEpoch, StopReason stopReason, double lastLearningRate) {
    public TrainResult {
        history = List.copyOf(history);
    }
}
