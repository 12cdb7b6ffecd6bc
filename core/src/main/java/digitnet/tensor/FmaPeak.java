package digitnet.tensor;

import java.util.OptionalDouble;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 fused multiply-add peak as the Vector API reaches it: twelve independent
 * chains of the widest vector per thread (enough to hide the FMA latency), on a given number of
 * threads. {@code ./digitnet bench} prints it and states its GFLOP/s figures as a share of it. Also
 * runnable alone: {@code java --add-modules jdk.incubator.vector -cp core/target/classes digitnet.tensor.FmaPeak [threads]}.
 */
public final class FmaPeak {
    private static final int CHAINS = 12;
    private static final long CHUNK = 2_000_000;   // iterations between clock reads

    private FmaPeak() {}

    /**
     * GFLOP/s of {@code threads} threads each running the FMA chains for about {@code seconds}, the best
     * of four such runs (the first warms the JIT); empty without the {@code jdk.incubator.vector} module.
     */
    public static OptionalDouble gflops(int threads, double seconds) {
        if (!Kernels.Holder.vectorModulePresent()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Chains.best(threads, seconds));
    }

    public static void main(String[] args) {
        int most = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        for (int threads = 1; threads <= most; threads++) {
            OptionalDouble g = gflops(threads, 1.0);
            System.out.printf("%d thread(s): %s%n", threads,
                    g.isPresent() ? String.format("%.1f GFLOP/s", g.getAsDouble()) : "no jdk.incubator.vector module");
        }
    }

    // the Vector API in a class of its own, loaded only when the module is present
    private static final class Chains {
        private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

        static double best(int threads, double seconds) {
            double best = 0;
            for (int rep = 0; rep < 4; rep++) {
                long[] iterations = new long[threads];
                Thread[] workers = new Thread[threads];
                long t0 = System.nanoTime();
                long end = t0 + (long) (seconds / 4 * 1e9);
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    workers[t] = new Thread(() -> iterations[id] = runUntil(end));
                    workers[t].start();
                }
                for (Thread w : workers) {
                    try {
                        w.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return best;
                    }
                }
                double elapsed = (System.nanoTime() - t0) / 1e9;
                long total = 0;
                for (long i : iterations) {
                    total += i;
                }
                best = Math.max(best, total * CHAINS * S.length() * 2.0 / elapsed / 1e9);
            }
            return best;
        }

        // chunks of the chains until the clock passes end; returns the iterations run
        private static long runUntil(long end) {
            long done = 0;
            float sink = 0;
            while (System.nanoTime() < end) {
                sink += chains(CHUNK);
                done += CHUNK;
            }
            return sink == 42f ? done + 1 : done;      // the sum is used, so nothing is dead code
        }

        // CHAINS accumulators, each one FMA per iteration
        static float chains(long iterations) {
            FloatVector a = FloatVector.broadcast(S, 0.999f), b = FloatVector.broadcast(S, 0.001f);
            FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
            FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
            for (long i = 0; i < iterations; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
                c8 = c8.fma(a, b);
                c9 = c9.fma(a, b);
                c10 = c10.fma(a, b);
                c11 = c11.fma(a, b);
            }
            return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                    .reduceLanes(VectorOperators.ADD);
        }
    }
}
