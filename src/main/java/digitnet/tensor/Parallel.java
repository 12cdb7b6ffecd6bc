package digitnet.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed pool of kernel threads that runs a {@link Job} split into parts: the calling thread runs
 * part 0, the workers the others, and {@link #run} returns when all are done. Nothing is
 * allocated per call: jobs are objects the caller keeps and refills.
 *
 * <p>Workers spin briefly between jobs (the kernels of one training step follow each other
 * within microseconds), then park. A call made while the pool is busy (another thread is using
 * it) runs all its parts on the calling thread; since every job splits its output, not its
 * sums, the result is the same either way.
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
    private final AtomicInteger pending = new AtomicInteger();
    private volatile long generation;
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
            int part = w + 1;
            workers[w] = new Thread(() -> work(part), "digitnet-kernel-" + part);
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

    /** Runs parts 0..parts-1 of {@code job} (at most {@link #threads()} at once) and waits for them. */
    public void run(Job job, int parts) {
        int n = Math.min(parts, threads);
        if (n <= 1 || !lock.tryLock()) {
            for (int p = 0; p < parts; p++) {
                job.run(p, parts);
            }
            return;
        }
        try {
            this.job = job;
            this.parts = n;
            this.caller = Thread.currentThread();
            this.failure = null;
            pending.set(n - 1);
            generation++;
            for (int w = 0; w < n - 1; w++) {
                LockSupport.unpark(workers[w]);
            }
            job.run(0, n);
            awaitWorkers();
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("a kernel thread failed: " + f, f);
            }
        } finally {
            this.job = null;
            lock.unlock();
        }
    }

    private void awaitWorkers() {
        long t0 = 0;
        int spins = 0;
        while (pending.get() > 0) {
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

    private void work(int part) {
        long seen = 0;
        while (!stopped) {
            long g = awaitGeneration(seen);
            if (g == seen) {
                continue;
            }
            seen = g;
            if (part < parts) {
                try {
                    job.run(part, parts);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }
    }

    private long awaitGeneration(long seen) {
        long t0 = System.nanoTime();
        int spins = 0;
        long g;
        while ((g = generation) == seen && !stopped) {
            if (++spins < 64) {
                Thread.onSpinWait();
                continue;
            }
            spins = 0;
            if (System.nanoTime() - t0 > SPIN_NANOS) {
                LockSupport.park(this);
            }
        }
        return g;
    }

    private void stop() {
        stopped = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
