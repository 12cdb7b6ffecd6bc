package digitnet.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Small PNG pictures of digits and of weights, scaled up with square pixels. */
public final class DigitPictures {
    private DigitPictures() {}

    /**
     * A digit as the network sees it: light ink on black, one w x h block per pixel.
     *
     * @param pixels bytes 0..255, the image starts at {@code offset}, row-major (height, width)
     */
    public static byte[] digit(byte[] pixels, int offset, int height, int width, int scale) {
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                int v = pixels[offset + (y / scale) * width + x / scale] & 0xFF;
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        return png(img);
    }

    /**
     * An image of 1 or 3 channels as the network sees it ({@link #digit} for 1; for 3, the red, green
     * and blue planes in turn from {@code offset}), one scale x scale block per pixel.
     */
    public static byte[] picture(byte[] pixels, int offset, int channels, int height, int width, int scale) {
        if (channels == 1) {
            return digit(pixels, offset, height, width, scale);
        }
        int area = height * width;
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                int at = offset + (y / scale) * width + x / scale;
                img.setRGB(x, y, (pixels[at] & 0xFF) << 16 | (pixels[at + area] & 0xFF) << 8 | (pixels[at + 2 * area] & 0xFF));
            }
        }
        return png(img);
    }

    /**
     * One unit's incoming weights as a picture: red where the weight is positive, blue where it
     * is negative, white at zero, scaled by the unit's largest magnitude.
     *
     * @param weights row-major (units, height * width); the unit's row starts at {@code offset}
     */
    public static byte[] weights(float[] weights, int offset, int height, int width, int scale) {
        int n = height * width;
        float max = 1e-12f;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(weights[offset + i]));
        }
        BufferedImage img = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                float v = weights[offset + (y / scale) * width + x / scale] / max;   // -1..1
                int fade = Math.round(255 * (1 - Math.abs(v)));
                int rgb = v >= 0 ? (255 << 16) | (fade << 8) | fade : (fade << 16) | (fade << 8) | 255;
                img.setRGB(x, y, rgb);
            }
        }
        return png(img);
    }

    /** {@code data:image/png;base64,...} for embedding in a page. */
    public static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a PNG in memory", e);
        }
    }
}
