package digitnet.nn;

import digitnet.data.Dataset;
import digitnet.tensor.Parallel;
import digitnet.testing.Fixtures;
import digitnet.train.NetworkSpec;

/**
 * A timed harness (not a unit test): where the bench's MLP inference (784-128-10, chunks of 1,000 of the
 * embedded sample through {@link Predictor}) spends its time, microseconds per image: the whole
 * {@code predict}, then its parts, the sparse batch's fill (scanning the bytes) and the forward pass, and the
 * same for a dense batch. Run:
 * {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:DEPS digitnet.nn.InferProfile [threads]}
 */
public final class InferProfile {
    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors());
        Dataset d = Fixtures.sample(10_000);
        Network net = Network.initialised(NetworkSpec.mlp(128).architecture(28, 28, 10), Init.HE, 1);
        Predictor predictor = new Predictor(net);
        int[] predicted = new int[d.count()];
        InputBatch sparse = InputBatch.forInference(Predictor.CHUNK, d.features(), true);
        InputBatch dense = InputBatch.forInference(Predictor.CHUNK, d.features(), false);
        int chunks = d.count() / Predictor.CHUNK, passes = 5;
        double images = (double) passes * d.count();
        for (int rep = 0; rep < 6; rep++) {
            double predict = microsPerImage(images, passes, () -> predictor.predict(d, predicted, null));
            double[] parts = new double[4];
            int k = 0;
            for (InputBatch x : new InputBatch[] {sparse, dense}) {
                parts[k++] = microsPerImage(images, passes * chunks, i ->
                        x.fill(d, null, i % chunks * Predictor.CHUNK, Predictor.CHUNK, null));
                parts[k++] = microsPerImage(images, passes * chunks, i -> x.forward(net, false));
            }
            System.out.printf("us per image: predict %.3f (%,.0f images/s); sparse fill %.3f, forward %.3f; dense fill %.3f, forward %.3f%n",
                    predict, 1e6 / predict, parts[0], parts[1], parts[2], parts[3]);
        }
    }

    /** Microseconds per image of {@code times} calls of {@code call} that together see {@code images} images. */
    private static double microsPerImage(double images, int times, java.util.function.IntConsumer call) {
        long t0 = System.nanoTime();
        for (int i = 0; i < times; i++) {
            call.accept(i);
        }
        return (System.nanoTime() - t0) / 1e3 / images;
    }

    private static double microsPerImage(double images, int times, Runnable call) {
        return microsPerImage(images, times, i -> call.run());
    }
}
