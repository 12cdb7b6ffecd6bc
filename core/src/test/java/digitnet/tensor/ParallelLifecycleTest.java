package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kernel pool's threads over its life: how many it starts, that a replaced pool's end, that every caller gets them. */
class ParallelLifecycleTest {

    static Set<Thread> kernelThreads() {
        Set<Thread> out = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("digitnet-kernel-") && t.isAlive()) {
                out.add(t);
            }
        }
        return out;
    }

    static Set<Thread> startedBy(Runnable action) {
        Parallel.shared();      // the shared pool's workers start with the class, not with the action
        Set<Thread> before = kernelThreads();
        action.run();
        Set<Thread> after = kernelThreads();
        after.removeAll(before);
        return after;
    }

    @Test
    void aPoolStartsOneWorkerFewerThanItsThreads() {
        Set<Thread> workers = startedBy(() -> new Parallel(3));
        assertThat(workers).extracting(Thread::getName).containsExactlyInAnyOrder("digitnet-kernel-1", "digitnet-kernel-2");
        assertThat(workers).allMatch(Thread::isDaemon);
        assertThat(startedBy(() -> new Parallel(1))).isEmpty();
    }

    @Test
    void theWorkersOfAReplacedSharedPoolEnd() throws InterruptedException {
        int before = Parallel.shared().threads();
        Set<Thread> replaced;
        try {
            replaced = startedBy(() -> Parallel.setThreads(before + 2));
            assertThat(replaced).hasSize(before + 1);
        } finally {
            Parallel.setThreads(before);
        }
        for (Thread t : replaced) {
            t.join(TimeUnit.SECONDS.toMillis(20));
            assertThat(t.isAlive()).as(t.getName() + " of the replaced pool").isFalse();
        }
    }

    /** Part 0 waits for part 1 to start: only two threads running at once can finish the job. */
    static int partsSeenTogether(Parallel pool) {
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicInteger sawTheOther = new AtomicInteger();
        pool.run((part, parts) -> {
            if (part == 1) {
                secondStarted.countDown();
                return;
            }
            try {
                if (secondStarted.await(10, TimeUnit.SECONDS)) {
                    sawTheOther.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 2);
        return sawTheOther.get();
    }

    @Test
    void aCallFromAnotherThreadAfterAFirstCallAlsoRunsOverTheWorkers() throws InterruptedException {
        Parallel pool = new Parallel(2);
        assertThat(partsSeenTogether(pool)).isEqualTo(1);
        AtomicInteger fromOther = new AtomicInteger(-1);
        Thread other = new Thread(() -> fromOther.set(partsSeenTogether(pool)), "another-caller");
        other.start();
        other.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(fromOther).hasValue(1);
    }
}
