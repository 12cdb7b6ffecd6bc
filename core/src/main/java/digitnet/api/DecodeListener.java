package digitnet.api;

/** Told how many pictures of a folder are decoded so far; called from the decoding threads, for progress bars. */
@FunctionalInterface
public interface DecodeListener {
    /** A listener that ignores everything. */
    DecodeListener NONE = (done, total) -> { };

    /**
     * @param done  pictures decoded so far
     * @param total pictures to decode
     */
    void decoded(int done, int total);
}
