package digitnet.nn;

import digitnet.data.Batcher;
import digitnet.data.Dataset;
import digitnet.tensor.ByteRowsIndex;
import digitnet.tensor.SparseRows;
import digitnet.tensor.Tensor;

/**
 * A batch of images as the network's first layer reads it: the non-zero pixel bytes
 * ({@link SparseRows}) when the images are mostly zero, dense floats otherwise. Callers fill it
 * and run the network through it without knowing which; the choice is made once per data set
 * from the share of non-zero pixels and the first layer's width, at the crossover measured for
 * each ({@link #SPARSE_BELOW_NARROW}, {@link #SPARSE_BELOW_WIDE}).
 */
public final class InputBatch {
    /**
     * Below this share of non-zero pixels a first layer of at most {@link #NARROW} outputs reads
     * the batch sparse; below {@link #SPARSE_BELOW_WIDE}, a wider one. Measured with
     * {@code DensityCrossover} (docs/performance.md), on one thread, in the training thread's CPU time,
     * after the first layer kept W^T and mini-batches were copied from an index (two runs, load 11):
     * the notebook's 784-10-10 on 9,000 rows ran faster sparse up to a density of 0.8 (10.1-10.4
     * against 11.5-11.6 ms at 0.8; 2.1-2.2 against 11.9-12.2 ms at 0.1); 784-128-10 at batch 64 ran
     * faster sparse up to 0.3 (222-234 against 263-318 us) and faster dense from 0.4 on (269-316
     * against 251-256 us).
     */
    public static final double SPARSE_BELOW_NARROW = 0.75;
    public static final double SPARSE_BELOW_WIDE = 0.35;
    /** Outputs that fit one 16-float vector: the sparse product then costs one FMA per non-zero. */
    public static final int NARROW = 16;

    private final SparseRows sparse;
    private final ByteRowsIndex index;    // the non-zero pixels of every training image, or null
    private final Tensor dense;

    private InputBatch(SparseRows sparse, ByteRowsIndex index, Tensor dense) {
        this.sparse = sparse;
        this.index = index;
        this.dense = dense;
    }

    /**
     * Buffers for training batches of up to {@code rows} images of {@code d}: sparse when its
     * images are mostly zero and {@code mayBeSparse} (augmentation moves pixels, and needs dense
     * floats), else dense. With {@code exact}, a sparse batch is sized for images 0..rows-1 exactly.
     */
    public static InputBatch forTraining(Network network, Dataset d, int rows, boolean exact, boolean mayBeSparse) {
        return mayBeSparse && prefersSparse(network, d) ? sparseTraining(d, rows, exact) : dense(rows, d.features());
    }

    /**
     * Whether the network reads images like those of d faster sparse: its first layer is
     * {@link Dense} (other layers take dense rows) and the share of non-zero pixels is below the
     * crossover measured for that layer's width.
     */
    public static boolean prefersSparse(Network network, Dataset d) {
        if (!(network.layers().get(0) instanceof Dense first)) {
            return false;
        }
        double below = first.outputShape().size() <= NARROW ? SPARSE_BELOW_NARROW : SPARSE_BELOW_WIDE;
        return density(d) < below;
    }

    /** Buffers for forward passes only (no training) over up to {@code rows} images, sparse or dense. */
    public static InputBatch forInference(int rows, int features, boolean sparse) {
        return sparse ? new InputBatch(Batcher.sparseInput(rows, features), null, null) : dense(rows, features);
    }

    /**
     * Sparse training buffers, whatever the density (for measuring the crossover and for tests).
     * Batches that change every step ({@code exact} false) are copied from an index of d's
     * non-zero pixels, built here once, rather than scanned from its bytes; a full batch, filled
     * once, is scanned.
     */
    public static InputBatch sparseTraining(Dataset d, int rows, boolean exact) {
        ByteRowsIndex index = !exact && ByteRowsIndex.fits(d.features()) ? ByteRowsIndex.of(d.pixels(), d.features()) : null;
        return new InputBatch(Batcher.sparseBatch(d, rows, exact), index, null);
    }

    /** Dense buffers, whatever the density. */
    public static InputBatch dense(int rows, int features) {
        return new InputBatch(null, null, new Tensor(rows, features));
    }

    /**
     * The share of non-zero pixels, counted on up to 2,000 images spread evenly over the set
     * (about 1.6 million bytes for 28x28 images): 0 for an empty set.
     */
    public static double density(Dataset d) {
        int n = d.count();
        if (n == 0) {
            return 0;
        }
        int take = Math.min(n, 2_000);
        byte[] px = d.pixels();
        int f = d.features();
        long nonZero = 0;
        for (int k = 0; k < take; k++) {
            int base = (int) ((long) k * n / take) * f;
            for (int j = 0; j < f; j++) {
                if (px[base + j] != 0) {
                    nonZero++;
                }
            }
        }
        return (double) nonZero / ((long) take * f);
    }

    public int features() {
        return sparse != null ? sparse.features() : dense.cols;
    }

    public boolean isSparse() {
        return sparse != null;
    }

    /** Rows {@code order[from .. from+n)} of d (or {@code from ..} when order is null) into the batch, their labels into labels. */
    public void fill(Dataset d, int[] order, int from, int n, int[] labels) {
        if (sparse != null && index != null && index.indexes(d.pixels(), d.features())) {
            Batcher.fill(d, index, order, from, n, sparse, labels);
        } else if (sparse != null) {
            Batcher.fill(d, order, from, n, sparse, labels);
        } else {
            Batcher.fill(d, order, from, n, dense, labels);
        }
    }

    /** The dense batch, for augmentation to distort in place; null when the batch is sparse. */
    public Tensor denseRows() {
        return dense;
    }

    /** The network's logits for the batch: (rows, classes). */
    public Tensor forward(Network network, boolean training) {
        return sparse != null ? network.forward(sparse, training) : network.forward(dense, training);
    }
}
