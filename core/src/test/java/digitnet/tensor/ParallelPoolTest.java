package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kernel pool's contract beyond "each part once": its size limits, who runs the parts, failures, the shared pool. */
class ParallelPoolTest {
    @Test
    void aPoolHasOneToTenTwentyFourThreads() {
        assertThatThrownBy(() -> new Parallel(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1..1024, got 0");
        assertThatThrownBy(() -> new Parallel(1025)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Parallel(1).threads()).isEqualTo(1);
        assertThatCode(() -> new Parallel(1024)).doesNotThrowAnyException();
    }

    /** Part 0 waits for part 1 to start: only two threads running at once can finish the job. */
    @Test
    void partsRunOnTheWorkersAndTheCallerAtTheSameTime() {
        Parallel pool = new Parallel(2);
        CountDownLatch secondStarted = new CountDownLatch(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger sawTheOther = new AtomicInteger();
        pool.run((part, parts) -> {
            threads.add(Thread.currentThread().getName());
            if (part == 1 || parts != 2) {
                secondStarted.countDown();
                return;
            }
            try {
                if (secondStarted.await(30, TimeUnit.SECONDS)) {
                    sawTheOther.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 2);
        assertThat(sawTheOther).hasValue(1);
        assertThat(threads).hasSize(2).contains(Thread.currentThread().getName()).anyMatch(n -> n.startsWith("digitnet-kernel-"));
    }

    @Test
    void oneThreadOrOnePartRunsOnTheCallerInOrder() {
        StringBuilder order = new StringBuilder();
        new Parallel(1).run((part, parts) -> order.append(part).append('/').append(parts).append(' '), 3);
        assertThat(order).hasToString("0/3 1/3 2/3 ");
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        new Parallel(3).run((part, parts) -> ran.add(Thread.currentThread()), 1);
        assertThat(ran).containsExactly(Thread.currentThread());
        AtomicInteger none = new AtomicInteger();
        new Parallel(3).run((part, parts) -> none.incrementAndGet(), 0);
        assertThat(none).hasValue(0);
    }

    @Test
    void aFailingPartFailsTheRunNamingTheCauseAndThePoolWorksOn() {
        Parallel pool = new Parallel(2);
        assertThatThrownBy(() -> pool.run((part, parts) -> {
            if (part == 3) {
                throw new ArithmeticException("part three");
            }
        }, 4)).isInstanceOf(IllegalStateException.class).hasMessageContaining("part three")
                .hasCauseInstanceOf(ArithmeticException.class);
        AtomicInteger runs = new AtomicInteger();
        pool.run((part, parts) -> runs.incrementAndGet(), 4);
        assertThat(runs).hasValue(4);
    }

    @Test
    void setThreadsReplacesTheSharedPoolOnlyWhenTheSizeChanges() {
        int before = Parallel.shared().threads();
        try {
            Parallel.setThreads(3);
            Parallel three = Parallel.shared();
            assertThat(three.threads()).isEqualTo(3);
            Parallel.setThreads(3);
            assertThat(Parallel.shared()).isSameAs(three);
            Parallel.setThreads(2);
            assertThat(Parallel.shared().threads()).isEqualTo(2);
            AtomicInteger runs = new AtomicInteger();
            Parallel.shared().run((part, parts) -> runs.incrementAndGet(), 5);
            assertThat(runs).hasValue(5);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
