package digitnet.testing;

import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.data.KaggleCsvReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

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

    /** A committed fixture under {@code src/test/resources/fixtures}, e.g. {@code csv/good-8x8.csv}. */
    public static Path fixture(String relative) {
        return resource("fixtures/" + relative);
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
        ModelInfo info = new ModelInfo(n.architecture(), 2, 2, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(Map.of("seed", seed, "optimizer", "sgd"), n.architecture()), Map.of("dev_accuracy", 0.5));
        ModelFile.save(file, n, info, Map.of());
        return file;
    }

    /**
     * The first {@code n} images of the embedded sample. Only the header and those {@code n} rows are
     * parsed (by the reader the tool uses), not all 10,000: tests call this often, and under PIT every
     * call runs again for every mutant its test covers.
     */
    public static Dataset sample(int n) {
        try (InputStream raw = DataLoader.class.getResourceAsStream(DataLoader.SAMPLE_RESOURCE);
             InputStream in = new BufferedInputStream(new GZIPInputStream(raw), 1 << 16)) {
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            int lines = 0;
            for (int c = in.read(); c >= 0 && lines <= n; c = in.read()) {
                rows.write(c);
                if (c == '\n') {
                    lines++;
                }
            }
            Dataset d = KaggleCsvReader.read("sample", new ByteArrayInputStream(rows.toByteArray()),
                    DataLoader.DEFAULT_CLASSES);
            if (d.count() != n) {
                throw new IllegalArgumentException("the embedded sample has fewer than " + n + " rows");
            }
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code d} as a Kaggle CSV, with the label column (train.csv) or without (test.csv). */
    public static Path writeCsv(Dataset d, Path file, boolean labelled) throws IOException {
        StringBuilder b = new StringBuilder(labelled ? "label," : "");
        for (int j = 0; j < d.features(); j++) {
            b.append(j == 0 ? "" : ",").append("pixel").append(j);
        }
        b.append('\n');
        for (int i = 0; i < d.count(); i++) {
            if (labelled) {
                b.append(d.labels()[i]).append(',');
            }
            for (int j = 0; j < d.features(); j++) {
                b.append(j == 0 ? "" : ",").append(d.pixel(i, j));
            }
            b.append('\n');
        }
        Files.writeString(file, b);
        return file;
    }

    /** Writes {@code d} as IDX images and labels files, gzipped or raw. */
    public static void writeIdx(Dataset d, Path images, Path labels, boolean gzip) throws IOException {
        ByteBuffer img = ByteBuffer.allocate(16 + d.pixels().length);
        img.putInt(0x803).putInt(d.count()).putInt(d.height()).putInt(d.width()).put(d.pixels());
        ByteBuffer lab = ByteBuffer.allocate(8 + d.count());
        lab.putInt(0x801).putInt(d.count());
        for (int l : d.labels()) {
            lab.put((byte) l);
        }
        write(images, img.array(), gzip);
        write(labels, lab.array(), gzip);
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
