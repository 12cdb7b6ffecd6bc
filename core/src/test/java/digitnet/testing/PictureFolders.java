package digitnet.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Folders of small colour pictures for tests, made with a seed: class k is a shape (even k: a square,
 * odd k: a disc) in a colour (k / 2: red, blue, green, ...), at a random place and size on a random
 * dark background, so that the class depends on both shape and colour.
 */
public final class PictureFolders {
    private static final Color[] COLOURS = {new Color(230, 40, 40), new Color(40, 60, 230), new Color(40, 200, 60),
            new Color(230, 200, 40)};

    private PictureFolders() {}

    /** One picture of class {@code k}, {@code size} x {@code size}. */
    public static BufferedImage shape(int k, int size, Random random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int grey = random.nextInt(60);
        g.setColor(new Color(grey, grey, grey + random.nextInt(20)));
        g.fillRect(0, 0, size, size);
        g.setColor(COLOURS[(k / 2) % COLOURS.length]);
        int side = size * 2 / 3 + random.nextInt(size / 6 + 1), x = random.nextInt(size - side + 1), y = random.nextInt(size - side + 1);
        if (k % 2 == 0) {
            g.fillRect(x, y, side, side);
        } else {
            g.fillOval(x, y, side, side);
        }
        g.dispose();
        return image;
    }

    /** {@code perClass} PNGs of each class under {@code dir/<name>/}. */
    public static void write(Path dir, String[] classes, int perClass, int size, long seed) {
        Random random = new Random(seed);
        try {
            for (int k = 0; k < classes.length; k++) {
                Path folder = Files.createDirectories(dir.resolve(classes[k]));
                for (int i = 0; i < perClass; i++) {
                    ImageIO.write(shape(k, size, random), "png", folder.resolve(String.format("%03d.png", i)).toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A picture file in a format ImageIO writes: "png", "jpg", "bmp", "gif". */
    public static Path picture(Path file, String format, BufferedImage image) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A solid picture of one colour. */
    public static BufferedImage solid(int width, int height, Color colour) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }
}
