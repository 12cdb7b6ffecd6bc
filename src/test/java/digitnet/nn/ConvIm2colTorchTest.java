package digitnet.nn;

import static digitnet.nn.ConvIm2colGradientTest.conv;
import static digitnet.nn.ConvIm2colGradientTest.requireIm2colPath;
import static digitnet.nn.GradientCheckTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import digitnet.testing.Python;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conv2d on the vector im2col path (the cases of {@link ConvIm2colGradientTest}) against PyTorch:
 * src/test/python/conv_reference.py computes conv2d of the same float32 inputs in float64, and the
 * gradients of L = sum(y * R) by autograd; digitnet's float32 output and gradients agree with it to
 * float32 rounding. Without python3 and torch: skipped locally, failed in CI.
 */
class ConvIm2colTorchTest {
    /** batch, in channels, height, width, out channels, kernel, stride, padding. */
    static final int[][] CASES = {
        {3, 1, 10, 9, 16, 3, 1, 1}, {2, 16, 7, 7, 32, 3, 1, 1}, {2, 32, 5, 5, 64, 3, 1, 1}, {2, 16, 9, 8, 32, 3, 2, 0}};
    /**
     * Each value is a sum of at most 576 float32 products, so its rounding is a few units of float32
     * (6e-8) times the size of the sum: 2e-5 relative to values above 1, absolute below (the
     * differences found are at most 4e-6).
     */
    static final double TOLERANCE = 2e-5;

    @TempDir Path dir;

    record Case(int[] shape, Tensor x, Tensor weight, Tensor bias, Tensor r, Tensor y, Tensor dX, Tensor dW, Tensor dB) {}

    /** The inputs drawn from the case's seed, and digitnet's output and gradients. */
    static Case run(int[] s) {
        requireIm2colPath(s[4]);
        Random r = new Random(17L * s[4] + s[1] * 5L + s[2]);
        Conv2d conv = conv(s[1], s[2], s[3], s[4], s[5], s[6], s[7], r);
        Tensor x = random(s[0], s[1] * s[2] * s[3], r, 1f), rw = random(s[0], conv.outputs(), r, 1f);
        Tensor y = conv.forward(x, true).copy();
        Tensor dX = conv.backward(rw).copy();
        return new Case(s, x, conv.weight().copy(), conv.bias().copy(), rw, y, dX, conv.parameters().get(0).grad().copy(),
                conv.parameters().get(1).grad().copy());
    }

    @Test
    void outputAndGradientsAgreeWithPyTorchInFloat64() throws Exception {
        String python = Python.interpreterWith("torch");
        List<Case> cases = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of(python, "src/test/python/conv_reference.py"));
        for (int i = 0; i < CASES.length; i++) {
            Case c = run(CASES[i]);
            cases.add(c);
            Path file = dir.resolve("case" + i);
            write(file, c);
            command.add(file.toString());
        }
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python answers in 300 s").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();

        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            ByteBuffer torch = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("case" + i + ".out"))).order(ByteOrder.LITTLE_ENDIAN);
            String name = java.util.Arrays.toString(c.shape());
            close(name + " y", c.y(), torch);
            close(name + " dX", c.dX(), torch);
            close(name + " dW", c.dW(), torch);
            close(name + " dB", c.dB(), torch);
            assertThat(torch.remaining()).as(name + ": nothing left over").isZero();
        }
    }

    /** Eight int32 (the shape), then x, W, b and R as float32, little-endian: conv_reference.py's input. */
    static void write(Path file, Case c) throws Exception {
        Tensor[] parts = {c.x(), c.weight(), c.bias(), c.r()};
        int floats = 0;
        for (Tensor t : parts) {
            floats += t.size();
        }
        ByteBuffer b = ByteBuffer.allocate(32 + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : c.shape()) {
            b.putInt(v);
        }
        for (Tensor t : parts) {
            for (int i = 0; i < t.size(); i++) {
                b.putFloat(t.data[i]);
            }
        }
        Files.write(file, b.array());
    }

    /** The next {@code actual.size()} float64 values of {@code expected}, in the same layout. */
    static void close(String what, Tensor actual, ByteBuffer expected) {
        assertThat(expected.remaining()).as(what + ": values").isGreaterThanOrEqualTo(8 * actual.size());
        for (int i = 0; i < actual.size(); i++) {
            double e = expected.getDouble();
            assertThat((double) actual.data[i]).as("%s[%d]", what, i).isCloseTo(e, within(TOLERANCE * Math.max(1, Math.abs(e))));
        }
    }
}
