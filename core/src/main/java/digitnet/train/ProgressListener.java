package digitnet.train;

/** Receives training progress; called on the training thread. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = p -> { };

    /**
     * After each epoch (full batch: every {@link Steps#progressEvery()} iterations, and after the last).
     *
     * @param progress the scores so far
     */
    void onProgress(Progress progress);

    /**
     * After every mini-batch step (never for full-batch training), for progress bars. Arguments are
     * primitives so that the training loop allocates nothing.
     *
     * @param epoch        the epoch being run, 1..epochs
     * @param batch        batches done in this epoch, 1..batches
     * @param batches      batches per epoch
     * @param meanLoss     mean loss over this epoch's rows so far
     * @param meanAccuracy accuracy over this epoch's rows so far
     */
    default void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {}
}
