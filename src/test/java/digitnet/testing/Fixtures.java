package digitnet.testing;

import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small models and the committed fixture files, for tests. */
public final class Fixtures {
    private Fixtures() {}

    /** A committed test resource, e.g. {@code bad/empty.csv}. */
    public static Path resource(String name) {
        try {
            var url = Fixtures.class.getResource("/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 2x2-input, 3-hidden, 10-class network with seeded He weights (nonzero biases too). */
    public static Network tinyNetwork(long seed) {
        Network n = Network.initialised(Architecture.of(4, List.of(3), 10), Init.HE, seed);
        java.util.Random r = new java.util.Random(seed + 1);
        for (var p : n.parameters()) {
            if (p.name().endsWith("bias")) {
                for (int i = 0; i < p.value().size(); i++) {
                    p.value().data[i] = (float) r.nextGaussian() * 0.1f;
                }
            }
        }
        return n;
    }

    /** Saves {@link #tinyNetwork} for 2x2 images as {@code file}. */
    public static Path tinyModel(Path file, long seed) {
        Network n = tinyNetwork(seed);
        ModelInfo info = new ModelInfo(n.architecture(), 2, 2, ModelInfo.numberedLabels(10),
                Map.of("seed", seed, "optimizer", "sgd"), Map.of("dev_accuracy", 0.5));
        ModelFile.save(file, n, info, Map.of());
        return file;
    }
}
