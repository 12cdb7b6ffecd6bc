package digitnet.train;

/**
 * One progress record, handed to a {@link TrainListener}: the CLI prints it, the report plots it.
 *
 * @param iteration    full batch: the iteration's number, from 0, as the notebook prints it; mini-batches:
 *                     optimizer steps done so far
 * @param epoch        epochs done (0 for full-batch runs)
 * @param trainLoss    mean cross-entropy on the training rows (of this step for full batch, averaged over
 *                     the epoch's batches for mini-batches)
 * @param devAccuracy  NaN when there is no dev set
 * @param seconds      wall time since the start of the run's first step (see {@link TrainResult#trainSeconds})
 */
public record Progress(int iteration, int epoch, double trainLoss, double trainAccuracy,
                       double devLoss, double devAccuracy, double seconds) {}
