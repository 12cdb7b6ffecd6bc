package digitnet.tensor;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The three products of a 784 -> 128 layer at batch B, dense: forward y = x W^T + b (as x times
 * the transposed W), the weight gradient dW = dY^T x and the input gradient dX = dY W. Each
 * counts 2 B 784 128 floating-point operations, reported by the {@code gflop} counter in GFLOP/s.
 * Run: {@code mvn -Pjmh test-compile exec:exec} (see docs/performance.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class KernelBenchmark {
    static final int IN = 784, OUT = 128;

    @Param({"64", "256"})
    int batch;

    @Param({"1", "2"})
    int threads;

    Tensor x, weight, weightT, bias, y, dY, dWeight, dX;

    /** GFLOP done, which JMH reports per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflop;
    }

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        Random r = new Random(1);
        x = random(r, batch, IN);
        weight = random(r, OUT, IN);
        weightT = new Tensor(IN, OUT);
        Ops.transpose(weight, weightT);
        bias = random(r, 1, OUT);
        y = new Tensor(batch, OUT);
        dY = random(r, batch, OUT);
        dWeight = new Tensor(OUT, IN);
        dX = new Tensor(batch, IN);
    }

    @Benchmark
    public Tensor forward(Flops f) {
        MatMul.multiplyAddBias(x, weightT, bias, y);
        f.gflop += 2.0 * batch * IN * OUT / 1e9;
        return y;
    }

    @Benchmark
    public Tensor weightGradient(Flops f) {
        MatMul.multiplyTransA(dY, x, dWeight);
        f.gflop += 2.0 * batch * IN * OUT / 1e9;
        return dWeight;
    }

    @Benchmark
    public Tensor inputGradient(Flops f) {
        MatMul.multiply(dY, weight, dX);
        f.gflop += 2.0 * batch * IN * OUT / 1e9;
        return dX;
    }

    private static Tensor random(Random r, int rows, int cols) {
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.data.length; i++) {
            t.data[i] = r.nextFloat() - 0.5f;
        }
        return t;
    }
}
