package digitnet.train;

import digitnet.data.InvalidSettingException;

/**
 * How long a run is and how it batches. {@code batchSize == 0} means full-batch gradient descent for
 * {@code iterations} steps (the notebook); otherwise mini-batches of {@code batchSize} rows for
 * {@code epochs} epochs, reshuffled each epoch. A resumed run counts its epochs (iterations) in all,
 * those before the resume included.
 *
 * @param batchSize     rows per step; 0 for full batch
 * @param epochs        passes over the training rows (mini-batches), at least 0
 * @param iterations    steps (full batch), at least 0
 * @param progressEvery full batch: a {@link Progress} every this many iterations, at least 1;
 *                      mini-batch runs report after each epoch
 */
public record Steps(int batchSize, int epochs, int iterations, int progressEvery) {

    /**
     * Checks every value; one out of range is refused naming {@code Steps.field}.
     *
     * @param batchSize     rows per step; 0 for full batch
     * @param epochs        passes over the training rows
     * @param iterations    full-batch steps
     * @param progressEvery full-batch iterations between progress reports
     */
    public Steps {
        atLeast("batchSize", batchSize, 0);
        atLeast("epochs", epochs, 0);
        atLeast("iterations", iterations, 0);
        atLeast("progressEvery", progressEvery, 1);
    }

    /**
     * @param iterations steps, each on every training row
     * @return full-batch training, progress every 10 iterations
     */
    public static Steps fullBatch(int iterations) {
        return new Steps(0, 10, iterations, 10);
    }

    /**
     * @param batchSize rows per step, at least 1
     * @param epochs    passes over the training rows
     * @return mini-batch training
     */
    public static Steps miniBatches(int batchSize, int epochs) {
        atLeast("batchSize", batchSize, 1);
        return new Steps(batchSize, epochs, 500, 10);
    }

    /**
     * @param progressEvery full-batch iterations between two progress reports, at least 1
     * @return these steps reporting at that interval
     */
    public Steps withProgressEvery(int progressEvery) {
        return new Steps(batchSize, epochs, iterations, progressEvery);
    }

    /** @return whether every step sees every training row */
    public boolean fullBatch() {
        return batchSize == 0;
    }

    /**
     * @param rows training rows
     * @return batches in an epoch of {@code rows} rows (1 for full batch), as {@link Trainer} cuts them
     */
    public int stepsPerEpoch(int rows) {
        return fullBatch() ? 1 : (int) ((rows + (long) batchSize - 1) / batchSize);
    }

    /**
     * @param rows training rows
     * @return the optimizer steps planned on {@code rows} rows: epochs x batches per epoch, or the iterations
     */
    public long planned(int rows) {
        return fullBatch() ? iterations : (long) epochs * stepsPerEpoch(rows);
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw new InvalidSettingException("Steps", field, "must be >= " + min + ", got " + value);
        }
    }
}
