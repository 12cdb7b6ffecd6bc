package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * MNIST-style preprocessing at its edges: the area-averaging resize against a supersampled
 * reference, the ink threshold, the placement clamped to the 28x28 frame, the background taken
 * from the whole border, and the largest picture accepted.
 */
class MnistImageEdgesTest {

    /**
     * Area average by supersampling: each source pixel split into th x tw equal cells, each output pixel
     * the mean of the ch x cw cells of its block, so that both grids fall on cell edges.
     */
    static float[] supersampled(float[] src, int w, int x0, int y0, int cw, int ch, int tw, int th) {
        float[] out = new float[tw * th];
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                double sum = 0;
                for (int fy = ty * ch; fy < (ty + 1) * ch; fy++) {
                    for (int fx = tx * cw; fx < (tx + 1) * cw; fx++) {
                        sum += src[(y0 + fy / th) * w + x0 + fx / tw];
                    }
                }
                out[ty * tw + tx] = (float) (sum / ((double) cw * ch));
            }
        }
        return out;
    }

    @Test
    void resizeIsTheAreaAverageOfTheCrop() {
        Random r = new Random(5);
        int w = 13, h = 11;
        float[] src = new float[w * h];
        for (int i = 0; i < src.length; i++) {
            src[i] = r.nextInt(256);
        }
        int[][] cases = {{2, 1, 7, 9, 3, 4}, {0, 0, 13, 11, 20, 17}, {3, 2, 5, 5, 5, 5}, {1, 3, 9, 6, 4, 2}, {4, 4, 1, 1, 3, 2}};
        for (int[] c : cases) {
            float[] got = MnistImage.resize(src, w, c[0], c[1], c[2], c[3], c[4], c[5]);
            float[] want = supersampled(src, w, c[0], c[1], c[2], c[3], c[4], c[5]);
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).as("case %s, pixel %d", java.util.Arrays.toString(c), i).isCloseTo(want[i], within(1e-3f));
            }
        }
    }

    @Test
    void inkAtExactlyATenthOfTheStrongestIsNotCropped() {
        float[] strong = new float[28 * 28];
        for (int y = 10; y < 18; y++) {
            for (int x = 12; x < 16; x++) {
                strong[y * 28 + x] = 200;
            }
        }
        float[] atThreshold = strong.clone();
        atThreshold[2 * 28 + 2] = 200 * 0.1f;
        float[] above = strong.clone();
        above[2 * 28 + 2] = Math.nextUp(200 * 0.1f);
        byte[] alone = MnistImage.fromInk(strong, 28, 28);
        assertThat(MnistImage.fromInk(atThreshold, 28, 28)).isEqualTo(alone);
        assertThat(MnistImage.fromInk(above, 28, 28)).isNotEqualTo(alone);
    }

    @Test
    void anEmptyPictureIsRefused() {
        assertThatThrownBy(() -> MnistImage.fromInk(new float[0], 0, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ink has 0 values, expected 0x5");
        assertThatThrownBy(() -> MnistImage.fromInk(new float[0], 5, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ink has 0 values, expected 5x0");
    }

    /** First and last column (x) or row (y) holding ink. */
    static int[] extent(byte[] image, boolean columns) {
        int first = 28, last = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (image[y * 28 + x] != 0) {
                    int at = columns ? x : y;
                    first = Math.min(first, at);
                    last = Math.max(last, at);
                }
            }
        }
        return new int[] {first, last};
    }

    @Test
    void aDigitWhoseMassSitsAtOneEndStaysInsideTheFrame() {
        // a bar 40 long and 4 thick, its mass near its start: scaled to 20 x 2, centred by mass it would
        // start at column 10 and run past the frame; it is moved back to end at the frame's last pixel
        float[] across = new float[40 * 4];
        float[] down = new float[4 * 40];
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 4; j++) {
                float v = i < 8 ? 255 : 26;
                across[j * 40 + i] = v;
                down[i * 4 + j] = v;
            }
        }
        assertThat(extent(MnistImage.fromInk(across, 40, 4), true)).containsExactly(8, 27);
        assertThat(extent(MnistImage.fromInk(down, 4, 40), false)).containsExactly(8, 27);
    }

    static BufferedImage opaque(int w, int h, int grey) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xFF000000 | grey << 16 | grey << 8 | grey);
            }
        }
        return img;
    }

    static void setGrey(BufferedImage img, int x, int y, int alpha, int grey) {
        img.setRGB(x, y, alpha << 24 | grey << 16 | grey << 8 | grey);
    }

    @Test
    void theBackgroundIsTheMeanOfAllFourSides() {
        // 5x5: top row and left column white, bottom row and right column black, inside grey 100;
        // 16 border pixels, 8 of them white: background 127.5, a light one, ink = 127.5 - luminance
        BufferedImage img = opaque(5, 5, 100);
        for (int i = 0; i < 5; i++) {
            setGrey(img, i, 0, 255, 255);
            setGrey(img, 0, i, 255, 255);
            setGrey(img, i, 4, 255, 0);
            setGrey(img, 4, i, 255, 0);
        }
        setGrey(img, 0, 4, 255, 255);    // the corner between the white left column and the black bottom row
        setGrey(img, 4, 0, 255, 0);      // and between the white top row and the black right column
        float[] ink = MnistImage.inkOf(img);
        double luminance100 = 0.299f * 100 + 0.587f * 100 + 0.114f * 100;
        assertThat(ink[2 * 5 + 2]).isCloseTo((float) (127.5 - luminance100), within(1e-3f));
        assertThat(ink[1 * 5 + 3]).isCloseTo((float) (127.5 - luminance100), within(1e-3f));
    }

    @Test
    void aBackgroundOf127IsDark() {
        BufferedImage img = opaque(4, 4, 127);
        setGrey(img, 1, 1, 255, 200);
        float[] ink = MnistImage.inkOf(img);
        double background = 0.299f * 127 + 0.587f * 127 + 0.114f * 127;
        assertThat(background).isLessThanOrEqualTo(127);
        assertThat(ink[1 * 4 + 1]).isCloseTo((float) (0.299f * 200 + 0.587f * 200 + 0.114f * 200 - background), within(1e-3f));
    }

    @Test
    void aHalfTransparentPixelIsLaidOverWhite() {
        BufferedImage img = opaque(3, 3, 255);
        setGrey(img, 1, 1, 128, 0);
        float a = 128 / 255f;
        assertThat(MnistImage.inkOf(img)[4]).isCloseTo(255 - (1 - a) * 255f, within(1e-3f));
    }

    @Test
    void aBorderHalfTransparentIsNotATransparentBackground() {
        // 4x4: 12 border pixels, 6 see-through and 6 opaque white: mean opacity exactly 0.5
        BufferedImage img = opaque(4, 4, 255);
        int[][] clear = {{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 1}, {0, 2}};
        for (int[] p : clear) {
            setGrey(img, p[0], p[1], 0, 255);
        }
        setGrey(img, 2, 2, 255, 0);
        float[] ink = MnistImage.inkOf(img);
        // laid over white every border pixel is white: background 255, the black pixel is full ink, a clear one none
        assertThat(ink[2 * 4 + 2]).isCloseTo(255f, within(1e-3f));
        assertThat(ink[1 * 4 + 1]).isCloseTo(0f, within(1e-3f));
        assertThat(ink[0]).isCloseTo(0f, within(1e-3f));
        setGrey(img, 0, 3, 0, 255);     // 7 of 12 see-through: a transparent background, ink is opacity
        float[] transparent = MnistImage.inkOf(img);
        assertThat(transparent[0]).isZero();
        assertThat(transparent[1 * 4 + 1]).isEqualTo(255f);
    }

    static byte[] png(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(w / 2, h / 2, 0, 255);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void picturesUpTo4096PixelsASideAreRead() throws IOException {
        assertThat(MnistImage.read("wide.png", new ByteArrayInputStream(png(4096, 1)))).hasSize(784);
        assertThat(MnistImage.read("tall.png", new ByteArrayInputStream(png(1, 4096)))).hasSize(784);
        assertThatThrownBy(() -> MnistImage.read("wider.png", new ByteArrayInputStream(png(4097, 1))))
                .isInstanceOf(InputException.class).hasMessage("wider.png: image size 4097x1 is outside 1..4096");
        assertThatThrownBy(() -> MnistImage.read("taller.png", new ByteArrayInputStream(png(1, 4097))))
                .isInstanceOf(InputException.class).hasMessage("taller.png: image size 1x4097 is outside 1..4096");
    }
}
