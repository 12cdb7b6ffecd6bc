package digitnet.api;

import digitnet.train.HeldOutRows;
import digitnet.train.Settings;
import digitnet.train.Steps;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A data set's checksum is SHA-256 of its shape, classes, labels and pixels, computed here from
 * the bytes the public API hands out; it depends on the content only, and it is what a model
 * trained on the set records.
 */
class DigitsChecksumTest {

    /**
     * The documented layout (docs/model-format.md, {@code data_content_sha256}): count, height,
     * width and classes as big-endian 32-bit integers, then each label as one, then the pixels.
     */
    static String expectedSha256(Digits d) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(ByteBuffer.allocate(16).putInt(d.count()).putInt(d.height()).putInt(d.width()).putInt(d.classes())
                .array());
        if (d.labelled()) {
            ByteBuffer labels = ByteBuffer.allocate(4 * d.count());
            for (int i = 0; i < d.count(); i++) {
                labels.putInt(d.label(i));
            }
            md.update(labels.array());
        }
        for (int i = 0; i < d.count(); i++) {
            md.update(d.image(i));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The rows of {@code d} as the arrays {@link Digitnet#digits} takes. */
    static byte[] pixels(Digits d) {
        int size = d.height() * d.width();
        byte[] all = new byte[d.count() * size];
        for (int i = 0; i < d.count(); i++) {
            System.arraycopy(d.image(i), 0, all, i * size, size);
        }
        return all;
    }

    static int[] labels(Digits d) {
        int[] all = new int[d.count()];
        for (int i = 0; i < d.count(); i++) {
            all[i] = d.label(i);
        }
        return all;
    }

    @Test
    void theChecksumIsSha256OfShapeLabelsAndPixels() throws Exception {
        Digits some = Digitnet.sample().first(1_200);
        assertThat(some.contentSha256()).matches("[0-9a-f]{64}").isEqualTo(expectedSha256(some));
        Digits unlabelled = Digitnet.digits(pixels(some), null, 28, 28, 10, "unlabelled");
        assertThat(unlabelled.contentSha256()).as("no labels: none hashed").isEqualTo(expectedSha256(unlabelled))
                .isNotEqualTo(some.contentSha256());
    }

    @Test
    void theSameRowsFromMemoryUnderAnotherNameHaveTheSameChecksum() {
        Digits some = Digitnet.sample().first(1_200);
        Digits copy = Digitnet.digits(pixels(some), labels(some), 28, 28, 10, "another name");
        assertThat(copy.contentSha256()).isEqualTo(some.contentSha256());
        assertThat(some.named("renamed").contentSha256()).isEqualTo(some.contentSha256());
    }

    /** Each part of the content moves the checksum: one pixel, one label, the shape, the classes, one row fewer. */
    @Test
    void anyChangeOfTheContentChangesTheChecksum() {
        Digits some = Digitnet.sample().first(300);
        byte[] px = pixels(some);
        int[] lb = labels(some);
        String sum = Digitnet.digits(px, lb, 28, 28, 10, "rows").contentSha256();

        byte[] onePixel = px.clone();
        onePixel[299 * 784 + 783] ^= 1;
        int[] oneLabel = lb.clone();
        oneLabel[150] = (oneLabel[150] + 1) % 10;
        assertThat(Digitnet.digits(onePixel, lb, 28, 28, 10, "rows").contentSha256()).as("last pixel").isNotEqualTo(sum);
        assertThat(Digitnet.digits(px, oneLabel, 28, 28, 10, "rows").contentSha256()).as("one label").isNotEqualTo(sum);
        assertThat(Digitnet.digits(px, lb, 14, 56, 10, "rows").contentSha256()).as("shape").isNotEqualTo(sum);
        assertThat(Digitnet.digits(px, lb, 28, 28, 11, "rows").contentSha256()).as("classes").isNotEqualTo(sum);
        assertThat(some.first(299).contentSha256()).as("one row fewer").isNotEqualTo(sum);
    }

    @Test
    void aModelTrainedOnTheRowsRecordsTheirChecksum() throws Exception {
        Digits some = Digitnet.sample().first(1_200);
        Model m = Digitnet.train(some, Settings.quick().withSteps(Steps.miniBatches(64, 1)).withHeldOut(new HeldOutRows(200, 0)));
        assertThat(m.training().get("data_content_sha256")).isEqualTo(expectedSha256(some));
    }
}
