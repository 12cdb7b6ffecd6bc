package digitnet.testing;

import digitnet.data.Dataset;
import digitnet.data.download.Catalogue;
import digitnet.data.download.FileSpec;
import digitnet.data.download.KnownDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A small data set in the MNIST layout (four IDX .gz files under the usual names, made from the
 * embedded sample) with its sizes and MD5s registered in a test catalogue entry.
 */
public final class TinyDataset {
    public static final String NAME = "tiny";

    private TinyDataset() {}

    /** File name -> bytes: {@code trainRows} training and {@code testRows} test images with labels. */
    public static Map<String, byte[]> files(int trainRows, int testRows) {
        Dataset all = Fixtures.sample(trainRows + testRows);
        int[] train = new int[trainRows], test = new int[testRows];
        for (int i = 0; i < trainRows; i++) {
            train[i] = i;
        }
        for (int i = 0; i < testRows; i++) {
            test[i] = trainRows + i;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Dataset tr = all.subset(train, "train"), te = all.subset(test, "test");
        files.put(Catalogue.TRAIN_IMAGES, gzip(images(tr)));
        files.put(Catalogue.TRAIN_LABELS, gzip(labels(tr)));
        files.put(Catalogue.TEST_IMAGES, gzip(images(te)));
        files.put(Catalogue.TEST_LABELS, gzip(labels(te)));
        return files;
    }

    /** The catalogue entry: each file's size and MD5, served from {@code mirrors}. */
    public static KnownDataset entry(Map<String, byte[]> files, List<URI> mirrors) {
        return new KnownDataset(NAME, mirrors, files.entrySet().stream()
                .map(e -> FileSpec.md5(e.getKey(), e.getValue().length, md5(e.getValue()))).toList());
    }

    public static String md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    public static String sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] images(Dataset d) {
        return ByteBuffer.allocate(16 + d.pixels().length).putInt(0x803).putInt(d.count()).putInt(d.height())
                .putInt(d.width()).put(d.pixels()).array();
    }

    private static byte[] labels(Dataset d) {
        ByteBuffer b = ByteBuffer.allocate(8 + d.count()).putInt(0x801).putInt(d.count());
        for (int l : d.labels()) {
            b.put((byte) l);
        }
        return b.array();
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
