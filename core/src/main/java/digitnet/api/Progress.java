package digitnet.api;

/**
 * How training goes, reported after each epoch (full batch: every {@link Settings#progressEvery()} iterations) to a
 * {@link ProgressListener}.
 *
 * @param iteration     full batch: the iteration, from 0; mini-batches: optimizer steps done so far
 * @param epoch         epochs done (0 for full-batch training)
 * @param trainLoss     mean cross-entropy on the training rows
 * @param trainAccuracy accuracy on the training rows
 * @param devLoss       mean cross-entropy on the dev rows; NaN without dev rows
 * @param devAccuracy   accuracy on the dev rows; NaN without dev rows
 * @param seconds       wall time since the first step
 */
public record Progress(int iteration, int epoch, double trainLoss, double trainAccuracy, double devLoss,
                       double devAccuracy, double seconds) {

    static Progress of(digitnet.train.Progress p) {
        return new Progress(p.iteration(), p.epoch(), p.trainLoss(), p.trainAccuracy(), p.devLoss(), p.devAccuracy(),
                p.seconds());
    }
}
