package digitnet.nn;

import digitnet.tensor.Tensor;

/**
 * A named tensor that a layer keeps but the optimizer does not train: batch norm's running
 * statistics. Named as PyTorch's state dict names them; {@code integer} marks a count that the
 * model file stores as int64 ({@code num_batches_tracked}), held here as a float, exact up to 2^24.
 */
public record Buffer(String name, Tensor value, boolean integer) {
    /** The largest count a float holds exactly. */
    public static final long MAX_COUNT = 1L << 24;

    public Buffer renamed(String newName) {
        return new Buffer(newName, value, integer);
    }
}
