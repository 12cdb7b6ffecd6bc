package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The pool runs every part of every job exactly once, and returns only when all are done. */
class ParallelTest {

    /** Counts the runs of each part; a part that runs late or twice shows in the counts. */
    private static final class Counting implements Parallel.Job {
        final AtomicIntegerArray runs = new AtomicIntegerArray(16);

        @Override
        public void run(int part, int parts) {
            Thread.onSpinWait();
            runs.incrementAndGet(part);
        }
    }

    @Test
    void jobsOfChangingPartCountsRunEachPartOnce() {
        Parallel pool = new Parallel(2);
        Counting job = new Counting();
        int[] partCounts = {2, 8, 3, 16, 1, 5};
        for (int i = 0; i < 200_000; i++) {
            int parts = partCounts[i % partCounts.length];
            pool.run(job, parts);
            for (int p = 0; p < 16; p++) {
                int runs = job.runs.getAndSet(p, 0);
                if (runs != (p < parts ? 1 : 0)) {
                    assertThat(runs).as("runs of part %d of job %d (%d parts)", p, i, parts)
                            .isEqualTo(p < parts ? 1 : 0);
                }
            }
        }
    }
}
