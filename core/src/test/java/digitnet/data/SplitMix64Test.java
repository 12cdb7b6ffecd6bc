package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The augmentation's generator: the JDK's SplittableRandom longs for the same seed, and floats and doubles in [0, 1). */
class SplitMix64Test {
    @Test
    void givesSplittableRandomsLongs() {
        for (long seed : new long[] {0, 1, -1, 42, Long.MIN_VALUE}) {
            SplitMix64 ours = new SplitMix64(123);
            ours.seed(seed);                                   // re-seeding starts the sequence again
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                assertThat(ours.nextLong()).as("seed %d draw %d", seed, i).isEqualTo(jdk.nextLong());
            }
        }
        assertThat(new SplitMix64(0).nextLong()).isEqualTo(0xE220A8397B1DCDAFL);   // the published first value
    }

    @Test
    void floatsAndDoublesAreUniformInTheUnitInterval() {
        SplitMix64 r = new SplitMix64(7);
        int[] bins = new int[10];
        for (int i = 0; i < 100_000; i++) {
            float f = r.nextFloat();
            double d = r.nextDouble();
            assertThat(f).isBetween(0f, Math.nextDown(1f));
            assertThat(d).isBetween(0.0, Math.nextDown(1.0));
            bins[(int) (f * 10)]++;
        }
        for (int b : bins) {
            assertThat(b).isBetween(9_500, 10_500);          // 10,000 expected, sd about 95
        }
    }
}
