package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Winograd F(2x2, 3x3) against im2row + MatMul, odd and even output sides, with padding; same bits at any thread count. */
class WinogradTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @ParameterizedTest
    @CsvSource({"32, 13, 13, 0, 64", "1, 28, 28, 0, 32", "3, 9, 7, 1, 5", "2, 6, 6, 0, 3"})
    void agreesWithIm2row(int c, int h, int w, int p, int out) {
        ConvGeometry g = new ConvGeometry(c, h, w, 3, 1, p);
        int batch = 5, pixels = g.outArea();
        Tensor x = random(batch, c * h * w, 1), weight = random(out, g.patch(), 2), bias = random(1, out, 3);
        Tensor rows = new Tensor(batch * pixels, g.patch()), wT = new Tensor(g.patch(), out);
        Tensor yRows = new Tensor(batch * pixels, out), expected = new Tensor(batch, out * pixels);
        Im2Row.im2row(x, g, rows);
        Ops.transpose(weight, wT);
        MatMul.multiplyAddBias(rows, wT, bias, yRows);
        Im2Row.transposeSamples(yRows, batch, pixels, out, expected);
        Tensor y = forward(g, out, x, weight, bias);
        for (int i = 0; i < y.size(); i++) {
            float e = expected.data[i];
            assertThat(y.data[i]).as("y[%d]", i).isCloseTo(e, Offset.offset(2e-5f * Math.max(1f, Math.abs(e)) * (float) Math.sqrt(c)));
        }
    }

    @ParameterizedTest
    @CsvSource({"2", "3"})
    void sameBitsAtAnyThreadCount(int threads) {
        ConvGeometry g = new ConvGeometry(8, 13, 13, 3, 1, 1);
        Tensor x = random(16, 8 * 169, 1), weight = random(32, g.patch(), 2), bias = random(1, 32, 3);
        Parallel.setThreads(1);
        Tensor one = forward(g, 32, x, weight, bias);
        Parallel.setThreads(threads);
        Tensor many = forward(g, 32, x, weight, bias);
        assertThat(java.util.Arrays.mismatch(many.data, one.data)).as("first element that differs").isEqualTo(-1);
    }

    private static Tensor forward(ConvGeometry g, int out, Tensor x, Tensor weight, Tensor bias) {
        Winograd wino = new Winograd(g, out, x.rows());
        wino.setWeights(weight);
        Tensor y = new Tensor(x.rows(), out * g.outArea());
        wino.forward(x, bias, y);
        return y;
    }

    private static Tensor random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = r.nextFloat() * 2 - 1;
        }
        return t;
    }
}
