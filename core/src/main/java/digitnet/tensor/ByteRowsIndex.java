package digitnet.tensor;

/**
 * The non-zero bytes of every row of a byte matrix (images, one per row), found once: each
 * row's columns and values, packed. {@link SparseRows#fill(ByteRowsIndex, int[], int, int)}
 * then builds a batch by copying entries, without reading the zero bytes again: a mini-batch
 * of MNIST digits copies about 150 entries per image instead of scanning 784 bytes.
 *
 * <p>Columns are kept as {@code char} (two bytes): rows of at most 65,536 columns, which
 * {@link #fits} checks. About three bytes per non-zero: 27 MB for 60,000 MNIST images.
 */
public final class ByteRowsIndex {
    /** The most columns a row may have: a column number must fit a char. */
    public static final int MAX_FEATURES = Character.MAX_VALUE + 1;

    private final byte[] source;
    private final int features;
    final int[] rowStart;     // (rows + 1): row r holds entries [rowStart[r], rowStart[r+1])
    final char[] columnOf;    // column of each entry
    final byte[] value;       // its byte

    private ByteRowsIndex(byte[] source, int features, int[] rowStart, char[] columnOf, byte[] value) {
        this.source = source;
        this.features = features;
        this.rowStart = rowStart;
        this.columnOf = columnOf;
        this.value = value;
    }

    /** Whether rows of this many columns can be indexed. */
    public static boolean fits(int features) {
        return features > 0 && features <= MAX_FEATURES;
    }

    /** Indexes the rows of a row-major byte matrix with {@code features} columns. */
    public static ByteRowsIndex of(byte[] pixels, int features) {
        if (!fits(features) || pixels.length % features != 0) {
            throw new IllegalArgumentException("cannot index " + pixels.length + " bytes as rows of " + features);
        }
        int rows = pixels.length / features;
        long count = SparseRows.countNonZeros(pixels, features, null, 0, rows);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " non-zero bytes are more than an index holds");
        }
        int[] start = new int[rows + 1];
        char[] column = new char[(int) count];
        byte[] value = new byte[(int) count];
        int e = 0;
        for (int r = 0; r < rows; r++) {
            start[r] = e;
            int base = r * features;
            for (int j = 0; j < features; j++) {
                byte v = pixels[base + j];
                if (v != 0) {
                    column[e] = (char) j;
                    value[e++] = v;
                }
            }
        }
        start[rows] = e;
        return new ByteRowsIndex(pixels, features, start, column, value);
    }

    /** Whether this index was made from exactly this array (the same object), rows of this many columns. */
    public boolean indexes(byte[] pixels, int features) {
        return pixels == source && features == this.features;
    }

    public int rows() {
        return rowStart.length - 1;
    }

    public int features() {
        return features;
    }

    /** Non-zero bytes in row r. */
    public int nonZeros(int r) {
        return rowStart[r + 1] - rowStart[r];
    }
}
