package digitnet.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool of kernel threads that runs a {@link Job} split into parts. The calling thread and
 * the workers claim parts one at a time until none is left, and {@link #run} returns when all are
 * done; so on a busy machine, a thread that gets the CPU takes over the parts of one that does
 * not. Which thread runs a part never changes what the part computes: jobs split their output,
 * not their sums, so results are the same bit for bit whatever the thread count. Nothing is
 * allocated per call: jobs are objects the caller keeps and refills. Every kernel is such a job
 * in one shape, a {@link RangeJob}.
 *
 * <p>Workers spin briefly between jobs (the kernels of one training step follow each other
 * within microseconds), then park. A call made while the pool is busy (another thread is using
 * it) runs all its parts on the calling thread.
 */
public final class Parallel {
    /** Work split into parts; {@code run(part, parts)} does one part and touches only its own outputs. */
    public interface Job {
        void run(int part, int parts);
    }

    private static final long SPIN_NANOS = 200_000;
    private static volatile Parallel shared = new Parallel(Runtime.getRuntime().availableProcessors());

    private final int threads;
    private final Thread[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    /** The current job's generation (high 32 bits) and its next unclaimed part (low 32 bits). */
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger completed = new AtomicInteger();
    private volatile Job job;
    private volatile int parts;
    private volatile Thread caller;
    private volatile Throwable failure;
    private volatile boolean stopped;

    /** A pool of {@code threads} threads, the caller included (so {@code threads - 1} workers). */
    public Parallel(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("threads must be 1..1024, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(this::work, "digitnet-kernel-" + (w + 1));
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    /** The pool the kernels use; all cores unless {@link #setThreads} said otherwise. */
    public static Parallel shared() {
        return shared;
    }

    /** Replaces the shared pool by one of {@code threads} threads (the CLI's --threads). */
    public static synchronized void setThreads(int threads) {
        if (threads != shared.threads) {
            Parallel old = shared;
            shared = new Parallel(threads);
            old.stop();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs parts 0..parts-1 of {@code job} over the pool's threads and waits for them. */
    public void run(Job job, int parts) {
        if (parts <= 1 || threads == 1 || !lock.tryLock()) {
            for (int p = 0; p < parts; p++) {
                job.run(p, parts);
            }
            return;
        }
        try {
            // first mark the previous job's parts as all claimed: a worker that read the old state
            // and then this job's part count must not claim a part of this job under the old
            // generation (its compare-and-set now fails, or it sees no part left)
            long previous = state.get() >>> 32;
            state.set(previous << 32 | Integer.MAX_VALUE);
            this.job = job;
            this.parts = parts;
            this.caller = Thread.currentThread();
            this.failure = null;
            completed.set(0);
            long generation = previous + 1;
            state.set(generation << 32);                     // publishes job and parts
            for (int w = 0; w < Math.min(parts, threads) - 1; w++) {
                LockSupport.unpark(workers[w]);
            }
            claimParts(generation);
            awaitCompletion(parts);
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("a kernel thread failed: " + f, f);
            }
        } finally {
            this.job = null;
            lock.unlock();
        }
    }

    // runs unclaimed parts of this generation's job until none is left
    private void claimParts(long generation) {
        while (true) {
            long s = state.get();
            int next = (int) s, n = parts;
            if (s >>> 32 != generation || next >= n) {
                return;
            }
            if (state.compareAndSet(s, s + 1)) {
                try {
                    job.run(next, n);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (completed.incrementAndGet() == n) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }

    private void awaitCompletion(int parts) {
        long t0 = 0;
        int spins = 0;
        while (completed.get() < parts) {
            if (++spins < 64) {
                Thread.onSpinWait();
                continue;
            }
            spins = 0;
            long now = System.nanoTime();
            if (t0 == 0) {
                t0 = now;
            } else if (now - t0 > SPIN_NANOS) {
                LockSupport.parkNanos(this, 100_000);
            }
        }
    }

    private void work() {
        long seen = 0;
        while (!stopped) {
            long t0 = System.nanoTime();
            int spins = 0;
            long generation;
            while ((generation = state.get() >>> 32) == seen && !stopped) {
                if (++spins < 64) {
                    Thread.onSpinWait();
                    continue;
                }
                spins = 0;
                if (System.nanoTime() - t0 > SPIN_NANOS) {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            claimParts(generation);
        }
    }

    private void stop() {
        stopped = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
