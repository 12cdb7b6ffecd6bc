package digitnet.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns any picture of a digit into what the network was trained on, the way MNIST was made:
 * light ink on a dark background (inverted when the picture is dark-on-light), cropped to the
 * ink, scaled to fit 20x20 keeping the aspect ratio, and placed in 28x28 so that its centre of
 * mass is at the centre.
 */
public final class MnistImage {
    public static final int SIZE = 28;
    public static final int BOX = 20;
    /** Largest picture accepted, checked from its header before decoding. */
    public static final int MAX_SIDE = 4096;

    private MnistImage() {}

    /**
     * Preprocesses ink intensities (0 = background, 255 = full ink), row-major w x h.
     * Returns 28x28 = 784 pixel bytes 0..255.
     */
    public static byte[] fromInk(float[] ink, int w, int h) {
        if (w <= 0 || h <= 0 || (long) w * h != ink.length) {
            throw new IllegalArgumentException("ink has " + ink.length + " values, expected " + w + "x" + h);
        }
        float max = 0;
        for (float v : ink) {
            if (!(v >= 0 && v <= 255)) {
                throw new IllegalArgumentException("ink values must be 0..255, found " + v);
            }
            max = Math.max(max, v);
        }
        byte[] out = new byte[SIZE * SIZE];
        if (max == 0) {
            return out;    // a blank picture stays blank
        }
        // crop to the ink: pixels above 10% of the strongest
        float threshold = max * 0.1f;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ink[y * w + x] > threshold) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        double scale = (double) BOX / Math.max(cw, ch);
        int tw = Math.max(1, (int) Math.round(cw * scale)), th = Math.max(1, (int) Math.round(ch * scale));
        float[] box = resize(ink, w, x0, y0, cw, ch, tw, th);
        // centre of mass of the scaled digit
        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                float v = box[y * tw + x];
                mass += v;
                mx += v * (x + 0.5);
                my += v * (y + 0.5);
            }
        }
        // MNIST puts the centre of mass at pixel index 14 (14.5 in these half-pixel-centred coordinates)
        int ox = (int) Math.round(SIZE / 2.0 + 0.5 - mx / mass), oy = (int) Math.round(SIZE / 2.0 + 0.5 - my / mass);
        ox = Math.max(0, Math.min(SIZE - tw, ox));
        oy = Math.max(0, Math.min(SIZE - th, oy));
        float peak = 0;
        for (float v : box) {
            peak = Math.max(peak, v);
        }
        float norm = peak > 0 ? 255f / peak : 0f;   // full-strength ink, as in MNIST
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                int v = Math.round(box[y * tw + x] * norm);
                out[(oy + y) * SIZE + ox + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return out;
    }

    /** Area-averaging resize of the (cw x ch) crop at (x0, y0) of a w-wide image to tw x th. */
    static float[] resize(float[] src, int w, int x0, int y0, int cw, int ch, int tw, int th) {
        float[] out = new float[tw * th];
        double sx = (double) cw / tw, sy = (double) ch / th;
        for (int ty = 0; ty < th; ty++) {
            double fy0 = ty * sy, fy1 = (ty + 1) * sy;
            for (int tx = 0; tx < tw; tx++) {
                double fx0 = tx * sx, fx1 = (tx + 1) * sx;
                double sum = 0, area = 0;
                for (int y = (int) fy0; y < Math.min(ch, Math.ceil(fy1)); y++) {
                    double oyv = Math.min(fy1, y + 1) - Math.max(fy0, y);
                    for (int x = (int) fx0; x < Math.min(cw, Math.ceil(fx1)); x++) {
                        double oxv = Math.min(fx1, x + 1) - Math.max(fx0, x);
                        double a = oxv * oyv;
                        sum += a * src[(y0 + y) * w + x0 + x];
                        area += a;
                    }
                }
                out[ty * tw + tx] = area > 0 ? (float) (sum / area) : 0f;
            }
        }
        return out;
    }

    /**
     * Ink of a picture, 0..255. On a transparent background (most of the border see-through, as a
     * canvas drawing saved as PNG) the ink is the opacity, whatever the colour of the strokes.
     * Otherwise partly transparent pixels are laid over white, and the ink is how far each pixel's
     * luminance is from the background's (the mean of the border), darker on a light background
     * (inverted) or lighter on a dark one; a grey or coloured paper counts as blank.
     */
    public static float[] inkOf(BufferedImage img) {
        int w = img.getWidth(), h = img.getHeight();
        float[] alpha = new float[w * h];
        float[] lum = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                float a = (argb >>> 24) / 255f;
                alpha[y * w + x] = a;
                lum[y * w + x] = a * (0.299f * r + 0.587f * g + 0.114f * b) + (1 - a) * 255f;
            }
        }
        double borderAlpha = 0, borderLum = 0;
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    borderAlpha += alpha[y * w + x];
                    borderLum += lum[y * w + x];
                    n++;
                }
            }
        }
        boolean transparentBackground = img.getColorModel().hasAlpha() && borderAlpha / n < 0.5;
        float background = (float) (borderLum / n);
        boolean lightBackground = background > 127;
        float[] ink = new float[w * h];
        for (int i = 0; i < ink.length; i++) {
            if (transparentBackground) {
                ink[i] = 255f * alpha[i];
            } else {
                ink[i] = Math.max(0f, lightBackground ? background - lum[i] : lum[i] - background);
            }
        }
        return ink;
    }

    /** Reads a picture file (PNG, JPEG, or any format ImageIO knows) and preprocesses it to 784 bytes. */
    public static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Reads a PNG or JPEG (or any format ImageIO knows) and preprocesses it to 784 bytes. */
    public static byte[] read(String name, InputStream in) {
        try (ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                throw new InputException(name + ": cannot open as an image");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new InputException(name + ": not a PNG or JPEG image (unknown format)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new InputException(name + ": image size " + w + "x" + h + " is outside 1.." + MAX_SIDE);
                }
                BufferedImage img = reader.read(0);
                return fromInk(inkOf(img), img.getWidth(), img.getHeight());
            } finally {
                reader.dispose();
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InputException(name + ": not a readable PNG or JPEG image (" + e.getMessage() + ")");
        }
    }
}
