package digitnet.nn;

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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link ConvVectorPathTest}'s cases against PyTorch: src/test/python/conv_reference.py computes
 * conv2d of the same float32 inputs in float64, and the gradients of L = sum(y * R) by autograd, in
 * one run for all cases; digitnet's float32 output and gradients must agree with it to float32
 * rounding. Without python3 and torch: skipped locally, failed in CI.
 */
final class ConvTorchReference {
    /**
     * Each value is a sum of at most 576 float32 products, so its rounding is a few units of float32
     * (6e-8) times the size of the sum: 2e-5 relative to values above 1, absolute below (the
     * differences found are at most 5e-6).
     */
    static final double TOLERANCE = 2e-5;

    private ConvTorchReference() {}

    /** digitnet's answer for one case. */
    record Ours(ConvVectorPathTest.Drawn drawn, Tensor y, Tensor dX, Tensor dW, Tensor dB) {
        static Ours of(int[] shape) {
            ConvVectorPathTest.Drawn d = ConvVectorPathTest.Drawn.of(shape);
            Tensor y = d.conv().forward(d.x(), true).copy();
            Tensor dX = d.conv().backward(d.r()).copy();
            return new Ours(d, y, dX, d.conv().parameters().get(0).grad().copy(), d.conv().parameters().get(1).grad().copy());
        }
    }

    static void check(int[][] cases) throws Exception {
        String python = Python.interpreterWith("torch");
        Path dir = Files.createTempDirectory("conv-reference");
        List<Ours> ours = new ArrayList<>();
        List<String> command = new ArrayList<>(List.of(python, "src/test/python/conv_reference.py"));
        for (int i = 0; i < cases.length; i++) {
            ours.add(Ours.of(cases[i]));
            Path file = dir.resolve("case" + i);
            write(file, ours.get(i).drawn());
            command.add(file.toString());
        }
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python answers in 300 s").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();

        for (int i = 0; i < cases.length; i++) {
            Ours o = ours.get(i);
            ByteBuffer torch = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("case" + i + ".out"))).order(ByteOrder.LITTLE_ENDIAN);
            String name = Arrays.toString(cases[i]);
            close(name + " y", o.y(), torch);
            close(name + " dX", o.dX(), torch);
            close(name + " dW", o.dW(), torch);
            close(name + " dB", o.dB(), torch);
            assertThat(torch.remaining()).as(name + ": nothing left over").isZero();
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    /** Eight int32 (the shape), then x, W, b and R as float32, little-endian: conv_reference.py's input. */
    static void write(Path file, ConvVectorPathTest.Drawn d) throws Exception {
        Tensor[] parts = {d.x(), d.conv().weight(), d.conv().bias(), d.r()};
        int floats = 0;
        for (Tensor t : parts) {
            floats += t.size();
        }
        ByteBuffer b = ByteBuffer.allocate(32 + 4 * floats).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : d.shape()) {
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
