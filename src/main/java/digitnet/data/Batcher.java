package digitnet.data;

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
        byte[] px = d.pixels();
        float[] X = x.data;
        for (int r = 0; r < n; r++) {
            int img = order == null ? from + r : order[from + r];
            int src = img * f, dst = r * f;
            for (int j = 0; j < f; j++) {
                X[dst + j] = (px[src + j] & 0xFF) * SCALE;
            }
            if (labels != null && d.labels() != null) {
                labels[r] = d.labels()[img];
            }
        }
    }
}
