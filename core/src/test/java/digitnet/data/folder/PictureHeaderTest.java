package digitnet.data.folder;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.PictureFolders;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The size read from a picture's first bytes is the size ImageIO decodes, for each format and seeded sizes. */
class PictureHeaderTest {
    @Test
    void eachFormatsHeaderGivesTheDecodedSize() throws Exception {
        Random random = new Random(11);
        for (String format : new String[] {"png", "gif", "bmp", "jpeg"}) {
            for (int k = 0; k < 5; k++) {
                int w = 1 + random.nextInt(300), h = 1 + random.nextInt(300);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ImageIO.write(PictureFolders.solid(w, h, new Color(random.nextInt())), format, out);
                byte[] bytes = out.toByteArray();
                PictureHeader header = PictureHeader.of(bytes, bytes.length);
                assertThat(header).as("%s %dx%d", format, w, h).isEqualTo(new PictureHeader(format, w, h));
            }
        }
    }

    @Test
    void otherBytesAndCutHeadersGiveNothing() {
        assertThat(PictureHeader.of("hello, world: not a picture".getBytes(), 27)).isNull();
        assertThat(PictureHeader.of(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 4)).isNull();
        assertThat(PictureHeader.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16}, 6)).isNull();
        assertThat(PictureHeader.of(new byte[0], 0)).isNull();
    }
}
