package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import digitnet.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random damage (changed bytes, cuts, insertions) to valid CSV, gzip, IDX and PNG inputs:
 * each either still reads or fails with an {@link InputException} naming the file, never
 * anything else.
 */
class MutatedInputTest {
    static final int CASES = 300;
    @TempDir Path dir;

    @Test
    void damagedCsvAndGzip() throws IOException {
        Dataset d = Fixtures.sample(5);
        byte[] csv = Files.readAllBytes(Fixtures.writeCsv(d, dir.resolve("src.csv"), true));
        check(csv, "damaged.csv", new Random(1));
        check(gzip(csv), "damaged.csv.gz", new Random(2));
    }

    @Test
    void damagedIdx() throws IOException {
        Dataset d = Fixtures.sample(5);
        Fixtures.writeIdx(d, dir.resolve("ok-images-idx3-ubyte"), dir.resolve("ok-labels-idx1-ubyte"), false);
        byte[] images = Files.readAllBytes(dir.resolve("ok-images-idx3-ubyte"));
        check(images, "damaged-images-idx3-ubyte", new Random(3));
        check(gzip(images), "damaged-gz-images-idx3-ubyte", new Random(4));
    }

    @Test
    void damagedPng() throws IOException {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_RGB);
        img.setRGB(10, 10, 0xffffff);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        Random random = new Random(5);
        for (int i = 0; i < CASES; i++) {
            byte[] bad = mutate(out.toByteArray(), random);
            Throwable t = catchThrowable(() -> MnistImage.read("damaged.png", new ByteArrayInputStream(bad)));
            if (t != null) {
                assertThat(t).as("case %d", i).isInstanceOf(InputException.class).hasMessageStartingWith("damaged.png: ");
            }
        }
    }

    private void check(byte[] good, String name, Random random) throws IOException {
        Path file = dir.resolve(name);
        for (int i = 0; i < CASES; i++) {
            byte[] bad = mutate(good, random);
            Files.write(file, bad);
            Throwable t = catchThrowable(() -> DataLoader.load(file, null, 10));
            if (t != null) {
                assertThat(t).as("case %d: %s", i, t).isInstanceOf(InputException.class).hasMessageStartingWith(file.toString());
            }
        }
    }

    /** One to three random changes: a byte replaced, the end cut off, or random bytes inserted. */
    static byte[] mutate(byte[] good, Random random) {
        byte[] b = good.clone();
        for (int k = 1 + random.nextInt(3); k > 0 && b.length > 0; k--) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b = Arrays.copyOf(b, at);
                default -> {
                    byte[] extra = new byte[1 + random.nextInt(8)];
                    random.nextBytes(extra);
                    byte[] c = new byte[b.length + extra.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(extra, 0, c, at, extra.length);
                    System.arraycopy(b, at, c, at + extra.length, b.length - at);
                    b = c;
                }
            }
        }
        return b;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
