package digitnet.tensor;

/**
 * The one way a kernel splits its work over the {@link Parallel#shared() shared pool}. A kernel
 * is a subclass whose fields are its named arguments; the calling thread keeps one object per
 * kernel (a {@code ThreadLocal}), fills its fields and calls {@link #split}, so nothing is
 * allocated per call. {@code split} cuts units [0, units) (samples, rows, channels) into
 * contiguous ranges and {@link #range} computes one of them on whichever thread claims it. A
 * unit's result never depends on the range it falls in, so results are the same bit for bit at
 * any thread count.
 */
public abstract class RangeJob implements Parallel.Job {
    /** Parts per thread: small enough that a thread the machine runs can take over one it does not. */
    private static final int PARTS_PER_THREAD = 4;
    private int units, align;

    /** Computes units [from, to), touching only their outputs. */
    protected abstract void range(int from, int to);

    /**
     * Runs units [0, units) over the shared pool, in at most work / grain parts (one part, on the
     * calling thread, when the work is small); every range but the last starts at a multiple of
     * {@code align} (a register tile's rows).
     */
    protected final void split(int units, int align, long work, long grain) {
        this.units = units;
        this.align = align;
        Parallel pool = Parallel.shared();
        long most = Math.min((units + align - 1) / align, (long) PARTS_PER_THREAD * pool.threads());
        pool.run(this, (int) Math.min(most, Math.max(1, work / grain)));
    }

    @Override
    public final void run(int part, int parts) {
        range(boundary(part, parts), boundary(part + 1, parts));
    }

    /** Where part {@code part} of {@code parts} starts: an even cut rounded down to a multiple of align; units for the end. */
    protected int boundary(int part, int parts) {
        return part == parts ? units : (int) ((long) units * part / parts) / align * align;
    }

    /** The number of units of the current call. */
    protected final int units() {
        return units;
    }
}
