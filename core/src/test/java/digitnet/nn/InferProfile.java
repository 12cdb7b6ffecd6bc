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
        for (int rep = 0; rep < 6; rep++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < passes; i++) {
                predictor.predict(d, predicted, null);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < passes * chunks; i++) {
                sparse.fill(d, null, i % chunks * Predictor.CHUNK, Predictor.CHUNK, null);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < passes * chunks; i++) {
                sparse.forward(net, false);
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < passes * chunks; i++) {
                dense.fill(d, null, i % chunks * Predictor.CHUNK, Predictor.CHUNK, null);
            }
            long t4 = System.nanoTime();
            for (int i = 0; i < passes * chunks; i++) {
                dense.forward(net, false);
            }
            long t5 = System.nanoTime();
            double images = (double) passes * d.count();
            System.out.printf("us per image: predict %.3f (%,.0f images/s); sparse fill %.3f, forward %.3f; dense fill %.3f, forward %.3f%n",
                    (t1 - t0) / 1e3 / images, images / ((t1 - t0) / 1e9), (t2 - t1) / 1e3 / images,
                    (t3 - t2) / 1e3 / images, (t4 - t3) / 1e3 / images, (t5 - t4) / 1e3 / images);
        }
    }
}
