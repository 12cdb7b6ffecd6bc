package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MnistImageTest {

    /** An "L"-ish stroke (a bar and a foot) in a w x h picture, ink colour on background colour. */
    static BufferedImage stroke(int type, Color background, Color ink) {
        BufferedImage img = new BufferedImage(120, 90, type);
        Graphics2D g = img.createGraphics();
        g.setComposite(java.awt.AlphaComposite.Src);
        g.setColor(background);
        g.fillRect(0, 0, 120, 90);
        g.setColor(ink);
        g.fillRect(30, 10, 12, 60);
        g.fillRect(30, 58, 40, 12);
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static byte[] preprocess(BufferedImage img) throws IOException {
        return MnistImage.read("test.png", new ByteArrayInputStream(png(img)));
    }

    @Test
    void darkOnLightLightOnDarkAndStrokesOnTransparentGiveTheSameDigit() throws IOException {
        byte[] lightOnDark = preprocess(stroke(BufferedImage.TYPE_INT_RGB, Color.BLACK, Color.WHITE));
        byte[] darkOnLight = preprocess(stroke(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK));
        byte[] blackOnTransparent = preprocess(stroke(BufferedImage.TYPE_INT_ARGB, new Color(0, 0, 0, 0), Color.BLACK));
        byte[] colourOnColour = preprocess(stroke(BufferedImage.TYPE_INT_RGB, new Color(250, 240, 200), new Color(20, 20, 120)));
        assertThat(darkOnLight).containsExactly(lightOnDark);
        assertThat(blackOnTransparent).containsExactly(lightOnDark);
        for (int i = 0; i < lightOnDark.length; i++) {
            assertThat(colourOnColour[i] & 0xFF).isCloseTo(lightOnDark[i] & 0xFF, within(40));
        }
    }

    @Test
    void digitFitsTwentyByTwentyWithItsCentreOfMassAtTheCentre() throws IOException {
        byte[] px = preprocess(stroke(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK));
        assertThat(px).hasSize(784);
        int x0 = 28, x1 = -1, y0 = 28, y1 = -1, peak = 0;
        double mass = 0, mx = 0, my = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = px[y * 28 + x] & 0xFF;
                if (v > 0) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
                peak = Math.max(peak, v);
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        assertThat(peak).isEqualTo(255);
        assertThat(Math.max(x1 - x0 + 1, y1 - y0 + 1)).isEqualTo(20);   // the longer side (height) fills the box
        assertThat(x1 - x0 + 1).isLessThan(20);                         // aspect ratio kept
        assertThat(mx / mass).isCloseTo(14.0, within(0.5));      // pixel index 14, as MNIST
        assertThat(my / mass).isCloseTo(14.0, within(0.5));
    }

    /** MNIST digits are already in MNIST form: preparing them again must give them back. */
    @Test
    void realMnistDigitsComeBackAsTheyWere() {
        Dataset d = DataLoader.embeddedSample();
        for (int i = 9000; i < 9200; i++) {
            float[] ink = new float[784];
            for (int j = 0; j < 784; j++) {
                ink[j] = d.pixel(i, j);
            }
            byte[] again = MnistImage.fromInk(ink, 28, 28);
            long diff = 0;
            for (int j = 0; j < 784; j++) {
                diff += Math.abs((again[j] & 0xFF) - d.pixel(i, j));
            }
            assertThat(diff / 784.0).as("digit %d: mean absolute difference per pixel", i).isLessThan(1.0);
        }
    }

    @Test
    void blankPictureStaysBlank() throws IOException {
        byte[] px = preprocess(stroke(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.WHITE));
        assertThat(px).containsOnly(0);
    }

    @Test
    void notAnImageIsAnInputExceptionNamingIt() {
        assertThatThrownBy(() -> MnistImage.read("x.png", new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isInstanceOf(InputException.class).hasMessageStartingWith("x.png: ");
        assertThatThrownBy(() -> MnistImage.read("empty.png", new ByteArrayInputStream(new byte[0])))
                .isInstanceOf(InputException.class).hasMessageStartingWith("empty.png: ");
    }

    @Test
    void truncatedPngIsAnInputException() throws IOException {
        byte[] full = png(stroke(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK));
        byte[] half = java.util.Arrays.copyOf(full, full.length / 2);
        assertThatThrownBy(() -> MnistImage.read("half.png", new ByteArrayInputStream(half)))
                .isInstanceOf(InputException.class).hasMessageStartingWith("half.png: ");
    }
}
