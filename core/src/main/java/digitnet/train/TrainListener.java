package digitnet.train;

/** Receives progress records as training goes. */
@FunctionalInterface
public interface TrainListener {
    void onProgress(Progress progress);

    /**
     * Called after every mini-batch step (not for full-batch runs), for progress bars. Arguments
     * are primitives so that the training loop allocates nothing.
     *
     * @param epoch        the epoch being run, 1..epochs
     * @param batch        batches done in this epoch, 1..batches
     * @param batches      batches per epoch
     * @param meanLoss     mean loss over this epoch's rows so far
     * @param meanAccuracy accuracy over this epoch's rows so far
     */
    default void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {}

    TrainListener NONE = p -> { };
}
