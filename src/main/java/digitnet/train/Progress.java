package digitnet.train;

/**
 * One progress record, handed to a {@link TrainListener}: the CLI prints it, the report plots it.
 *
 * @param iteration    optimizer steps done so far
 * @param epoch        epochs done (0 for full-batch runs)
 * @param trainLoss    mean cross-entropy on the training rows (of this step for full batch, averaged over
 *                     the epoch's batches for mini-batches)
 * @param devAccuracy  NaN when there is no dev set
 * @param seconds      training time so far
 */
public record Progress(int iteration, int epoch, double trainLoss, double trainAccuracy,
                       double devLoss, double devAccuracy, double seconds) {}
