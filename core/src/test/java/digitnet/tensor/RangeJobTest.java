package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one split of every kernel: on seeded random unit counts, alignments and amounts of work, at
 * 1 to 4 threads, every unit is computed exactly once, every range but the last starts at a
 * multiple of the alignment, and small work stays in one part.
 */
class RangeJobTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    /** Counts how often each unit is computed and records the ranges. */
    private static final class Recording extends RangeJob {
        AtomicIntegerArray hits;
        final List<int[]> ranges = new ArrayList<>();

        void run(int units, int align, long work, long grain) {
            hits = new AtomicIntegerArray(units);
            ranges.clear();
            split(units, align, work, grain);
        }

        @Override
        protected void range(int from, int to) {
            synchronized (ranges) {
                ranges.add(new int[] {from, to});
            }
            for (int u = from; u < to; u++) {
                hits.incrementAndGet(u);
            }
        }
    }

    @Test
    void everyUnitOnceInAlignedRangesAtAnyThreadCount() {
        Random r = new Random(61);
        Recording job = new Recording();
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int t = 0; t < 50; t++) {
                int units = r.nextInt(200), align = r.nextBoolean() ? 1 : 4;
                long grain = 1 + r.nextInt(100), work = r.nextInt(10_000);
                job.run(units, align, work, grain);
                for (int u = 0; u < units; u++) {
                    assertThat(job.hits.get(u)).as("unit %d of %d, %d threads", u, units, threads).isEqualTo(1);
                }
                assertThat((long) job.ranges.size()).as("parts").isLessThanOrEqualTo(Math.max(1, work / grain));
                int end = job.ranges.stream().mapToInt(range -> range[1]).max().orElse(0);
                for (int[] range : job.ranges) {
                    if (range[0] < range[1] && range[1] != end) {
                        assertThat(range[1] % align).as("a range's end inside the units").isZero();
                    }
                    assertThat(range[0] % align).as("a range's start").isZero();
                }
            }
        }
    }
}
