package digitnet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A timed harness (not a unit test): the machine's float32 fused multiply-add peak as the Vector API
 * reaches it, twelve independent chains of the widest vector per thread (enough to hide the FMA
 * latency), on 1 and on N threads; docs/performance.md states each figure as a fraction of it. Run:
 * {@code java --add-modules jdk.incubator.vector -cp core/target/test-classes digitnet.tensor.FmaPeak [threads]}
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

    private FmaPeak() {}

    public static void main(String[] args) throws InterruptedException {
        int most = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        long iterations = 200_000_000L;
        for (int threads = 1; threads <= most; threads++) {
            double best = 0;
            for (int rep = 0; rep < 4; rep++) {       // the best of four: the first warms the JIT
                Thread[] workers = new Thread[threads];
                long t0 = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    workers[t] = new Thread(() -> chains(iterations));
                    workers[t].start();
                }
                for (Thread w : workers) {
                    w.join();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                best = Math.max(best, threads * iterations * CHAINS * S.length() * 2.0 / seconds / 1e9);
            }
            System.out.printf("%d thread(s), %d-lane float vectors: %.1f GFLOP/s%n", threads, S.length(), best);
        }
    }

    // CHAINS accumulators, each one FMA per iteration; the sum is returned so that nothing is dead code
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
