package digitnet.data.folder;

import digitnet.data.InputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * One picture file (PNG, JPEG, BMP, GIF) read with ImageIO: its size from the header first, so that
 * a picture too large to decode is refused before any pixel is decoded; then decoded, a decoder's
 * warning (a truncated JPEG is decoded half grey with only a warning) counting as an error; then
 * brought to the wanted size and channels as bytes, channel-major (NCHW).
 */
public final class Picture {
    /** The largest picture decoded: 40 megapixels, checked from the header. */
    public static final long MAX_PIXELS = 40_000_000L;

    private Picture() {}

    static {
        ImageIO.setUseCache(false);    // decode in memory, never through temporary files
    }

    /** A picture's width and height as its header gives them. */
    public record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** The size in the file's header; refuses a file that is no picture or one larger than {@link #MAX_PIXELS}. */
    public static Size size(Path file) {
        return open(file, false).size;
    }

    /** Decodes the file, refused by its header when larger than {@link #MAX_PIXELS}. */
    public static BufferedImage decode(Path file) {
        return open(file, true).image;
    }

    private record Opened(Size size, BufferedImage image) {}

    /** The largest picture file read: 512 MiB. */
    static final long MAX_FILE = 512L << 20;
    private static final int HEAD = 64 * 1024;

    private static Opened open(Path file, boolean decode) {
        String name = Names.quoted(file);
        try {
            if (!decode) {
                byte[] head = readHead(file);
                PictureHeader h = PictureHeader.of(head, head.length);
                if (h != null) {
                    return new Opened(checked(name, h.width(), h.height()), null);
                }
            }
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new BadPictureException(name + ": file of " + size + " bytes is larger than the " + MAX_FILE
                        + " bytes of a picture digitnet reads; not decoded");
            }
            byte[] bytes = Files.readAllBytes(file);
            PictureHeader h = PictureHeader.of(bytes, bytes.length);
            try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
                Iterator<ImageReader> readers = h != null ? ImageIO.getImageReadersByFormatName(h.format())
                        : ImageIO.getImageReaders(iis);
                if (!readers.hasNext()) {
                    throw new BadPictureException(name + ": not a PNG, JPEG, BMP or GIF picture (unknown content)");
                }
                ImageReader reader = readers.next();
                try {
                    reader.setInput(iis, true, true);
                    Size checked = checked(name, reader.getWidth(0), reader.getHeight(0));
                    if (!decode) {
                        return new Opened(checked, null);
                    }
                    List<String> warnings = new ArrayList<>();
                    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                    BufferedImage image = reader.read(0);
                    if (!warnings.isEmpty()) {
                        throw new BadPictureException(name + ": damaged picture (" + Names.oneLine(warnings.get(0)) + ")");
                    }
                    return new Opened(checked, image);
                } finally {
                    reader.dispose();
                }
            }
        } catch (InputException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new BadPictureException(name + ": no such file");
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BadPictureException(name + ": corrupt or truncated picture (" + Names.oneLine(why) + ")");
        }
    }

    /** Refuses a picture larger than {@link #MAX_PIXELS} by the size its header gives. */
    private static Size checked(String name, int w, int h) {
        if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
            throw new BadPictureException(name + ": picture of " + w + "x" + h + " pixels (by its header) is larger"
                    + " than the " + MAX_PIXELS + " pixels digitnet decodes; not decoded");
        }
        return new Size(w, h);
    }

    private static byte[] readHead(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEAD);
        }
    }

    /** Whether any pixel has red, green and blue not all equal (alpha ignored). */
    public static boolean hasColour(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int argb : row) {
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                if (r != g || g != b) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Writes {@code image}, resized bilinearly to width x height when it is not that size, into
     * {@code out} from {@code offset}: 3 channels as red, green and blue planes, or 1 channel of
     * luma (0.299 R + 0.587 G + 0.114 B, as PIL's "L"). Alpha is dropped, as PIL's convert("RGB").
     */
    public static void pixels(BufferedImage image, int channels, int width, int height, byte[] out, int offset) {
        BufferedImage sized = image.getWidth() == width && image.getHeight() == height ? image : resized(image, width, height);
        int area = width * height;
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            sized.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                int at = offset + y * width + x;
                if (channels == 3) {
                    out[at] = (byte) r;
                    out[at + area] = (byte) g;
                    out[at + 2 * area] = (byte) b;
                } else {
                    out[at] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
                }
            }
        }
    }

    private static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
