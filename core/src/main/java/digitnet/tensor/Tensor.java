package digitnet.tensor;

import java.util.Arrays;

/**
 * A row-major matrix of float32: element (r, c) is {@code data[r * cols + c]}.
 *
 * <p>The backing array is allocated once with a capacity in rows; {@link #setRows} changes how
 * many rows are in use without allocating, so that a smaller last mini-batch or an evaluation
 * chunk reuses the buffers of training.
 *
 * <p>A tensor this class allocates has {@link #SLACK} spare floats after its last row, so that a
 * kernel may load a whole vector at the end of any row without reading past the array: products
 * then read rows of any width, with no padding to whole vectors in the tensors themselves.
 */
public final class Tensor {
    /** Spare floats after the last row of an allocated tensor: one vector of the widest species (512 bits) and more. */
    public static final int SLACK = 64;

    public final float[] data;
    public final int cols;
    private final int capacityRows;
    private int rows;

    public Tensor(int rows, int cols) {
        if (rows < 0 || cols <= 0) {
            throw new IllegalArgumentException("bad tensor shape (" + rows + ", " + cols + ")");
        }
        this.data = new float[Math.addExact(Math.multiplyExact(Math.max(rows, 1), cols), SLACK)];
        this.capacityRows = Math.max(rows, 1);
        this.rows = rows;
        this.cols = cols;
    }

    /** Wraps {@code data} (not copied) as a (rows, cols) tensor. */
    public Tensor(int rows, int cols, float[] data) {
        if (rows < 0 || cols <= 0 || (long) rows * cols > data.length) {
            throw new IllegalArgumentException("bad tensor shape (" + rows + ", " + cols + ") for "
                    + data.length + " floats");
        }
        this.data = data;
        this.capacityRows = data.length / cols;
        this.rows = rows;
        this.cols = cols;
    }

    public int rows() {
        return rows;
    }

    /** Rows that fit in the backing array. */
    public int capacityRows() {
        return capacityRows;
    }

    /** Whether a whole vector of {@code lanes} floats may be loaded from the start of any row in use. */
    public boolean readableBy(int lanes) {
        return data.length >= (long) rows * cols + lanes;
    }

    /** Uses the first {@code n} rows of the backing array; never allocates. */
    public Tensor setRows(int n) {
        if (n < 0 || n > capacityRows()) {
            throw new IllegalArgumentException("rows " + n + " exceed capacity " + capacityRows());
        }
        rows = n;
        return this;
    }

    public int size() {
        return rows * cols;
    }

    public float get(int r, int c) {
        return data[r * cols + c];
    }

    public void set(int r, int c, float v) {
        data[r * cols + c] = v;
    }

    public void fill(float v) {
        Arrays.fill(data, 0, size(), v);
    }

    public void copyFrom(Tensor other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("shape (" + other.rows + ", " + other.cols
                    + ") does not match (" + rows + ", " + cols + ")");
        }
        System.arraycopy(other.data, 0, data, 0, size());
    }

    /** A new tensor with the same shape and values (used outside hot loops only). */
    public Tensor copy() {
        Tensor t = new Tensor(rows, cols);
        System.arraycopy(data, 0, t.data, 0, size());
        return t;
    }

    /** Returns a tensor able to hold {@code rows} rows: this one if it is large enough. */
    public static Tensor ensure(Tensor t, int rows, int cols) {
        if (t == null || t.cols != cols || t.capacityRows() < rows) {
            return new Tensor(rows, cols);
        }
        return t.setRows(rows);
    }

    @Override
    public String toString() {
        return "Tensor(" + rows + ", " + cols + ")";
    }
}
