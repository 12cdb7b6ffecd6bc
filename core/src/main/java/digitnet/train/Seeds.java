package digitnet.train;

import digitnet.data.SplitMix64;
import java.util.Random;

/**
 * Derives the independent random streams of one run from its single seed, so that the same
 * seed gives the same split, the same initial weights and the same batch order.
 */
public final class Seeds {
    private Seeds() {}

    /** The shuffle that chooses dev rows. */
    public static long split(long seed) {
        return mix(seed, 1);
    }

    /** Initial weights. */
    public static long init(long seed) {
        return mix(seed, 2);
    }

    /** Mini-batch order. */
    public static long batches(long seed) {
        return mix(seed, 3);
    }

    /** Dropout masks, augmentation and other noise during training. */
    public static long noise(long seed) {
        return mix(seed, 4);
    }

    /** The rows held out as a test set, never used for any training decision. */
    public static long test(long seed) {
        return mix(seed, 5);
    }

    /** A stream's seed for one epoch, so that epoch e draws the same numbers whether or not the run was resumed. */
    public static long epoch(long derived, int epoch) {
        return mix(derived, epoch);
    }

    public static Random random(long derived) {
        return new Random(derived);
    }

    /** SplitMix64's finaliser applied to seed + stream * golden ratio. */
    private static long mix(long seed, int stream) {
        return SplitMix64.mix(seed + stream * SplitMix64.GOLDEN);
    }
}
