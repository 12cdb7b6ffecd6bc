package digitnet.data;

import digitnet.tensor.ByteRowsIndex;
import digitnet.tensor.Ops;
import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;

/**
 * Turns images of a {@link Dataset} into a float batch: x[r, j] = pixel / 255. Writes into
 * buffers the caller owns, so that a training step allocates nothing.
 */
public final class Batcher {
    private static final float SCALE = 1f / 255f;

    private Batcher() {}

    /**
     * Fills x (rows = n) with images {@code order[from .. from+n)} and {@code labels} with their labels.
     * x: (n, features); labels: at least n ints (may be null for unlabelled data).
     */
    public static void fill(Dataset d, int[] order, int from, int n, Tensor x, int[] labels) {
        int f = d.features();
        if (x.cols != f) {
            throw new IllegalArgumentException("batch has " + x.cols + " columns, images have " + f + " pixels");
        }
        x.setRows(n);
        Ops.widenRows(d.pixels(), f, order, from, n, SCALE, x.data);
        copyLabels(d, order, from, n, labels);
    }

    /**
     * Buffers for batches of up to {@code rows} images of {@code d} as sparse rows, kept by column
     * too (for training). With {@code exact}, sized for images 0..rows-1 of d exactly (a full
     * batch: less memory), else for any rows images.
     */
    public static SparseRows sparseBatch(Dataset d, int rows, boolean exact) {
        long nz = exact ? SparseRows.countNonZeros(d.pixels(), d.features(), null, 0, rows) : (long) rows * d.features();
        return new SparseRows(rows, d.features(), nz, SCALE, true);
    }

    /** Buffers for batches of up to {@code rows} images, by row only: enough for a forward pass. */
    public static SparseRows sparseInput(int rows, int features) {
        return new SparseRows(rows, features, (long) rows * features, SCALE, false);
    }

    /** Like {@link #fill(Dataset, int[], int, int, Tensor, int[])}, into sparse rows: x gets the non-zero pixels. */
    public static void fill(Dataset d, int[] order, int from, int n, SparseRows x, int[] labels) {
        x.fill(d.pixels(), order, from, n);
        copyLabels(d, order, from, n, labels);
    }

    /**
     * Like {@link #fill(Dataset, int[], int, int, SparseRows, int[])}, copying the entries of
     * {@code index} (made from d's pixels) instead of scanning d's bytes again.
     */
    public static void fill(Dataset d, ByteRowsIndex index, int[] order, int from, int n, SparseRows x, int[] labels) {
        if (!index.indexes(d.pixels(), d.features())) {
            throw new IllegalArgumentException("the index was not made from the pixels of " + d.source());
        }
        x.fill(index, order, from, n);
        copyLabels(d, order, from, n, labels);
    }

    private static void copyLabels(Dataset d, int[] order, int from, int n, int[] labels) {
        if (labels != null && d.labels() != null) {
            for (int r = 0; r < n; r++) {
                labels[r] = d.labels()[order == null ? from + r : order[from + r]];
            }
        }
    }
}
