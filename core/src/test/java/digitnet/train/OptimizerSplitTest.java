package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Parameter;
import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Adam and AdamW split a large parameter into blocks over the kernel threads ({@link OptimizerState#step}; the others
 * keep each update whole). The
 * split changes no bit: a weight of several blocks plus a tail, stepped three times at 1 and at 2 threads, ends
 * with the bits of the same values stepped one by one, each as a parameter of its own (no split at all).
 */
class OptimizerSplitTest {
    private static final int N = 36 * 4096 + 7, STEPS = 3;     // 9 grains of 16,384 values: 8 parts at 2 threads

    @Test
    void everyOptimizerGivesTheSameBitsSplitOrNot() {
        List<Supplier<Optimizer>> kinds = List.of(() -> new Sgd(0.1, 0.01), () -> new Momentum(0.1, 0.9, 0.01),
                () -> new Nesterov(0.1, 0.9, 0.01), () -> new Adam(0.01, 0.9, 0.999, 0.01), () -> new AdamW(0.01, 0.9, 0.999, 0.05));
        int before = Parallel.shared().threads();
        try {
            for (Supplier<Optimizer> kind : kinds) {
                float[] oneByOne = oneByOne(kind.get());
                for (int threads : new int[] {1, 2}) {
                    Parallel.setThreads(threads);
                    float[] split = split(kind.get());
                    for (int i = 0; i < N; i++) {
                        assertThat(Float.floatToRawIntBits(split[i])).as("%s, %d threads, value %d", kind.get().name(), threads, i)
                                .isEqualTo(Float.floatToRawIntBits(oneByOne[i]));
                    }
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    // the weight as one parameter of N values
    private static float[] split(Optimizer opt) {
        Random r = new Random(71);
        Tensor w = values(r), dw = new Tensor(1, N);
        List<Parameter> params = List.of(new Parameter("0.weight", w, dw));
        for (int s = 0; s < STEPS; s++) {
            for (int i = 0; i < N; i++) {
                dw.data[i] = gradient(s, i);
            }
            opt.step(params);
        }
        return w.data.clone();
    }

    // the same values as N parameters of one value each (weights all, so that decay applies alike)
    private static float[] oneByOne(Optimizer opt) {
        Random r = new Random(71);
        Tensor all = values(r);
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            params.add(new Parameter(i + ".weight", new Tensor(1, 1, new float[] {all.data[i]}), new Tensor(1, 1)));
        }
        for (int s = 0; s < STEPS; s++) {
            for (int i = 0; i < N; i++) {
                params.get(i).grad().data[0] = gradient(s, i);
            }
            opt.step(params);
        }
        float[] out = new float[N];
        for (int i = 0; i < N; i++) {
            out[i] = params.get(i).value().data[0];
        }
        return out;
    }

    private static Tensor values(Random r) {
        Tensor w = new Tensor(1, N);
        for (int i = 0; i < N; i++) {
            w.data[i] = (float) r.nextGaussian();
        }
        return w;
    }

    // a gradient that differs by value and step, without a generator to keep in step
    private static float gradient(int step, int i) {
        return (float) Math.sin(0.37 * i + 1.3 * step) * (1 + i % 7);
    }
}
