package digitnet.tensor;

/**
 * A batch of rows that are mostly zero, read from bytes (pixels 0..255) and held as their
 * non-zero values, {@code byte * scale} as float, with their columns. Kept both by row (CSR: to compute X W^T) and,
 * when asked for, by column (CSC: to compute X^T D with every thread owning whole columns of
 * the result). About four in five MNIST pixels are zero, so the products read a fifth of the
 * data.
 *
 * <p>All arrays are allocated once for {@code maxRows} rows and {@code maxNonZeros} values;
 * {@link #fill} reuses them.
 */
public final class SparseRows {
    private final int features;
    private final float scale;
    private int rows;
    final int[] rowStart;       // (maxRows + 1): row r holds entries [rowStart[r], rowStart[r+1])
    final int[] columnOf;       // column of each entry, by row
    final float[] rowValues;    // value of each entry, by row
    final int[] columnStart;    // (features + 1), or null without the CSC
    final int[] rowOf;          // row of each entry, by column, rows ascending
    final float[] columnValues; // value of each entry, by column
    private final int[] cursor; // scratch for building the CSC

    /**
     * @param byColumn whether {@link #fill} also builds the by-column copy that
     *                 {@link MatMul#sparseMultiplyTransA} needs
     */
    public SparseRows(int maxRows, int features, long maxNonZeros, float scale, boolean byColumn) {
        if (maxRows < 0 || features <= 0 || maxNonZeros < 0 || maxNonZeros > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad sparse shape: " + maxRows + " rows of " + features
                    + ", " + maxNonZeros + " non-zeros");
        }
        int cap = (int) maxNonZeros;
        this.features = features;
        this.scale = scale;
        this.rowStart = new int[maxRows + 1];
        this.columnOf = new int[cap];
        this.rowValues = new float[cap];
        this.columnStart = byColumn ? new int[features + 1] : null;
        this.rowOf = byColumn ? new int[cap] : null;
        this.columnValues = byColumn ? new float[cap] : null;
        this.cursor = byColumn ? new int[features] : null;
    }

    /** Non-zero bytes among rows {@code order[from .. from+n)} (or {@code from .. from+n} when order is null). */
    public static long countNonZeros(byte[] pixels, int features, int[] order, int from, int n) {
        long count = 0;
        for (int r = 0; r < n; r++) {
            count += countRow(pixels, (order == null ? from + r : order[from + r]) * features, features);
        }
        return count;
    }

    /**
     * Takes rows {@code order[from .. from+n)} of a row-major byte matrix with {@code features} columns. A batch
     * of at least twice {@code FILL_GRAIN} bytes (a chunk of rows to score) is split over the kernel threads, when
     * there are several, in two passes: each row's non-zero
     * pixels counted, their running sum made the rows' starts, then each part's rows filled from their starts;
     * the arrays are the same at any thread count.
     */
    public void fill(byte[] pixels, int[] order, int from, int n) {
        checkRows(n);
        if (Parallel.shared().threads() == 1 || (long) n * features < 2 * FILL_GRAIN) {
            fillInOnePass(pixels, order, from, n);
            return;
        }
        Fill job = fillJob;
        job.pixels = pixels;
        job.order = order;
        job.from = from;
        job.counting = true;
        job.split(n, 1, (long) n * features, FILL_GRAIN);     // rowStart[r + 1] = the non-zeros of row r
        rowStart[0] = 0;
        for (int r = 0; r < n; r++) {
            rowStart[r + 1] += rowStart[r];
        }
        if (rowStart[n] > columnOf.length) {
            throw new IllegalArgumentException("more than " + columnOf.length + " non-zeros");
        }
        job.counting = false;
        job.split(n, 1, (long) n * features, FILL_GRAIN);
        job.pixels = null;
        job.order = null;
        finish(n, rowStart[n]);
    }

    // on one thread, or a batch too small to split: each row's entries found as its bytes are scanned, in one pass
    private void fillInOnePass(byte[] pixels, int[] order, int from, int n) {
        int e = 0;
        for (int r = 0; r < n; r++) {
            rowStart[r] = e;
            e = takeRow(pixels, (order == null ? from + r : order[from + r]) * features, e, columnOf.length);
        }
        finish(n, e);
    }

    /** Bytes scanned below which a fill stays on the calling thread (a training mini-batch does). */
    private static final long FILL_GRAIN = 1 << 17;
    private static final long LOW_SEVEN = 0x7F7F7F7F7F7F7F7FL, HIGH = 0x8080808080808080L;
    private final Fill fillJob = new Fill();

    /** One pass of {@link #fill(byte[], int[], int, int)} over rows [r0, r1). */
    private final class Fill extends RangeJob {
        byte[] pixels;
        int[] order;
        int from;
        boolean counting;

        @Override
        protected void range(int r0, int r1) {
            for (int r = r0; r < r1; r++) {
                int src = (order == null ? from + r : order[from + r]) * features;
                if (counting) {
                    rowStart[r + 1] = countRow(pixels, src, features);
                } else {
                    takeRow(pixels, src, rowStart[r], rowStart[r1]);
                }
            }
        }
    }

    // the non-zero bytes of one row: a word's byte is non-zero where (its low 7 bits + 0x7F) | itself has the high bit
    private static int countRow(byte[] pixels, int src, int features) {
        int c = 0, j = 0;
        for (; j + 8 <= features; j += 8) {
            long word = (long) EIGHT_BYTES.get(pixels, src + j);
            c += Long.bitCount((((word & LOW_SEVEN) + LOW_SEVEN) | word) & HIGH);
        }
        for (; j < features; j++) {
            c += pixels[src + j] != 0 ? 1 : 0;
        }
        return c;
    }

    // one row's entries from e on; returns the entry after its last. takeEight writes up to 7 entries past the row's
    // last, so it runs only while those stay before limit: the arrays' end, or the end of a part's entries (the
    // next part may be another thread's)
    private int takeRow(byte[] pixels, int src, int e, int limit) {
        int j = 0;
        for (; j + 8 <= features; j += 8) {
            long word = (long) EIGHT_BYTES.get(pixels, src + j);
            if (word != 0L) {                                  // most runs of 8 pixels are all zero
                e = e + 8 <= limit ? takeEight(word, j, e) : take(pixels, src, j, j + 8, e);
            }
        }
        return take(pixels, src, j, features, e);
    }

    /**
     * Takes rows {@code order[from .. from+n)} (or {@code from ..} when order is null) of the
     * matrix an index was made from, copying their entries rather than scanning bytes: the same
     * result as {@link #fill(byte[], int[], int, int)} on that matrix.
     */
    public void fill(ByteRowsIndex index, int[] order, int from, int n) {
        if (index.features() != features) {
            throw new IllegalArgumentException("index of rows of " + index.features() + " columns for " + this);
        }
        checkRows(n);
        int[] start = index.rowStart;
        char[] column = index.columnOf;
        byte[] value = index.value;
        int e = 0;
        for (int r = 0; r < n; r++) {
            int src = order == null ? from + r : order[from + r];
            int e0 = start[src], count = start[src + 1] - e0;
            if (count > columnOf.length - e) {
                throw new IllegalArgumentException("more than " + columnOf.length + " non-zeros");
            }
            rowStart[r] = e;
            for (int q = 0; q < count; q++) {
                columnOf[e + q] = column[e0 + q];
                rowValues[e + q] = (value[e0 + q] & 0xFF) * scale;
            }
            e += count;
        }
        finish(n, e);
    }

    private static final java.lang.invoke.VarHandle EIGHT_BYTES =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * {@link #take} of the 8 pixels from j0, without a branch per pixel: each pixel's column and value are written
     * at e, and e moves on only past a non-zero one (the writes past the last entry are overwritten or unused).
     * Whether a pixel is 0 is a coin toss inside an image's strokes, which the branch predictor loses: the MLP
     * inference's fill of a batch went from 0.79-0.81 to 0.46 us per image ({@code nn/InferProfile} in test code).
     */
    private int takeEight(long word, int j0, int e) {
        for (int i = 0; i < 8; i++, word >>>= 8) {
            int v = (int) word & 0xFF;              // pixel j0 + i: the word is read little-endian
            columnOf[e] = j0 + i;
            rowValues[e] = v * scale;
            e += (v + 255) >>> 8;                   // 1 for v in 1..255, 0 for 0
        }
        return e;
    }

    // appends the non-zero pixels src + [j0, j1) as entries from e on; returns the new count
    private int take(byte[] pixels, int src, int j0, int j1, int e) {
        for (int j = j0; j < j1; j++) {
            byte v = pixels[src + j];
            if (v != 0) {
                if (e == columnOf.length) {
                    throw new IllegalArgumentException("more than " + columnOf.length + " non-zeros");
                }
                columnOf[e] = j;
                rowValues[e++] = (v & 0xFF) * scale;
            }
        }
        return e;
    }

    private void checkRows(int n) {
        if (n < 0 || n + 1 > rowStart.length) {
            throw new IllegalArgumentException(n + " rows exceed capacity " + (rowStart.length - 1));
        }
    }

    private void finish(int n, int nonZeros) {
        rowStart[n] = nonZeros;
        rows = n;
        if (columnStart != null) {
            buildColumns();
        }
    }

    // counting sort of the entries by column; rows stay ascending within a column
    private void buildColumns() {
        int nz = rowStart[rows];
        java.util.Arrays.fill(cursor, 0);
        for (int e = 0; e < nz; e++) {
            cursor[columnOf[e]]++;
        }
        int sum = 0;
        for (int j = 0; j < features; j++) {
            columnStart[j] = sum;
            sum += cursor[j];
            cursor[j] = columnStart[j];
        }
        columnStart[features] = sum;
        for (int r = 0; r < rows; r++) {
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                int at = cursor[columnOf[e]]++;
                rowOf[at] = r;
                columnValues[at] = rowValues[e];
            }
        }
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return features;
    }

    public float scale() {
        return scale;
    }

    public boolean byColumn() {
        return columnStart != null;
    }

    public int nonZeros() {
        return rowStart[rows];
    }

    /** Element (r, c) as a float (a linear search of row r; for tests and checks). */
    public float get(int r, int c) {
        for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
            if (columnOf[e] == c) {
                return rowValues[e];
            }
        }
        return 0f;
    }

    @Override
    public String toString() {
        return "SparseRows(" + rows + ", " + features + ", " + nonZeros() + " non-zeros)";
    }

    /** Writes the rows in use as dense floats (zeros included): dst (rows, features). */
    public void toDense(Tensor dst) {
        if (dst.rows() != rows || dst.cols != features) {
            throw new IllegalArgumentException("toDense: " + this + " does not fit " + dst);
        }
        java.util.Arrays.fill(dst.data, 0, dst.size(), 0f);
        for (int r = 0; r < rows; r++) {
            int base = r * features;
            for (int e = rowStart[r]; e < rowStart[r + 1]; e++) {
                dst.data[base + columnOf[e]] = rowValues[e];
            }
        }
    }
}
