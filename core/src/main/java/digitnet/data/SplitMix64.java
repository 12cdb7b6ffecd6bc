package digitnet.data;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast Splittable Pseudorandom Number Generators", OOPSLA
 * 2014): the same longs as {@code new java.util.SplittableRandom(seed).nextLong()}, but re-seedable
 * and a plain field, for one thread's augmentation draws (java.util.Random's atomic update cost more
 * than the rest of an image's distortion; a SplittableRandom per image would allocate).
 */
public final class SplitMix64 {
    /** The state's increment per draw (the golden ratio as a 64-bit fraction). */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix64(long seed) {
        state = seed;
    }

    void seed(long seed) {
        state = seed;
    }

    /** SplitMix64's output function (also dropout's masks and the training's derived seeds). */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, 1), from the top 24 bits. */
    float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1), from the top 53 bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }
}
