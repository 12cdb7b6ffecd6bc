package digitnet.train;

/**
 * How training goes, handed to a {@link ProgressListener} after each epoch (full batch: every
 * {@link Steps#progressEvery()} iterations): the CLI prints it, the report plots it.
 *
 * @param iteration     full batch: the iteration's number, from 0, as the notebook prints it; mini-batches:
 *                      optimizer steps done so far
 * @param epoch         epochs done (0 for full-batch runs)
 * @param trainLoss     mean cross-entropy on the training rows (of this step for full batch, averaged over
 *                      the epoch's batches for mini-batches)
 * @param trainAccuracy accuracy on the training rows
 * @param devLoss       mean cross-entropy on the dev rows; NaN without dev rows
 * @param devAccuracy   accuracy on the dev rows; NaN without dev rows
 * @param seconds       wall time since the start of the run's first step (see {@link TrainResult#trainSeconds})
 */
public record Progress(int iteration, int epoch, double trainLoss, double trainAccuracy,
                       double devLoss, double devAccuracy, double seconds) {}
