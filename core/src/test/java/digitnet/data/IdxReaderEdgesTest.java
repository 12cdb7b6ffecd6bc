package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The IDX reader at the edges of each check: sizes, counts, announced lengths, labels, streams that deliver in pieces. */
class IdxReaderEdgesTest {
    private static byte[] images(int count, int rows, int cols, int bodyBytes) {
        ByteBuffer b = ByteBuffer.allocate(16 + bodyBytes).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
        for (int i = 0; i < bodyBytes; i++) {
            b.put((byte) (i * 7 + 3));
        }
        return b.array();
    }

    private static byte[] labels(int... values) {
        ByteBuffer b = ByteBuffer.allocate(8 + values.length).putInt(IdxReader.LABELS_MAGIC).putInt(values.length);
        for (int v : values) {
            b.put((byte) v);
        }
        return b.array();
    }

    /** A stream that hands out at most 1000 bytes per read, as a socket or a gzip stream may. */
    private static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
    }

    private static Dataset read(byte[] img, long available, byte[] lab, long labAvailable, int classes) throws IOException {
        return IdxReader.read("i.idx", new ByteArrayInputStream(img), available, "l.idx",
                lab == null ? null : new ByteArrayInputStream(lab), labAvailable, classes);
    }

    @Test
    void aFileHoldingExactlyTheAnnouncedBytesIsReadAndOneByteLessIsNot() throws IOException {
        byte[] img = images(3, 2, 5, 30);
        Dataset d = read(img, img.length, null, -1, 10);
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(2);
        assertThat(d.width()).isEqualTo(5);
        assertThat(d.pixel(2, 9)).isEqualTo((29 * 7 + 3) & 0xFF);
        assertThat(d.source()).isEqualTo("i.idx");
        assertThat(d.labelled()).isFalse();
        assertThatThrownBy(() -> read(img, img.length - 1, null, -1, 10)).isInstanceOf(InputException.class)
                .hasMessage("i.idx: byte 4: header announces 3 images of 2x5 (30 bytes) but the file holds only 29 bytes after the header");
        assertThatThrownBy(() -> read(img, 3, null, -1, 10)).hasMessageContaining("holds only 0 bytes after the header");
    }

    @Test
    void sidesRunFromOneToTheLimitAndTheCountFromOne() throws IOException {
        int max = IdxReader.MAX_SIDE;
        assertThat(read(images(1, 1, max, max), -1, null, -1, 10).width()).isEqualTo(max);
        assertThat(read(images(1, max, 1, max), -1, null, -1, 10).height()).isEqualTo(max);
        assertThatThrownBy(() -> read(images(1, 1, max + 1, 0), -1, null, -1, 10)).hasMessageContaining("image size 1x4097 is outside 1..4096");
        assertThatThrownBy(() -> read(images(1, max + 1, 1, 0), -1, null, -1, 10)).hasMessageContaining("byte 8");
        assertThatThrownBy(() -> read(images(1, 0, 3, 0), -1, null, -1, 10)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> read(images(1, 3, 0, 0), -1, null, -1, 10)).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> read(images(0, 3, 3, 0), -1, null, -1, 10)).hasMessageContaining("image count 0");
    }

    @Test
    void aBodyLongerThanOneChunkArrivingInPiecesIsReadWhole() throws IOException {
        byte[] img = images(3, 200, 150, 90_000);
        Dataset d = IdxReader.read("i.idx", trickle(img), -1, null, null, -1, 10);
        for (int k = 0; k < 90_000; k += 997) {
            assertThat(d.pixels()[k]).isEqualTo((byte) (k * 7 + 3));
        }
        assertThat(d.pixels()[89_999]).isEqualTo((byte) (89_999 * 7 + 3));
        byte[] cut = java.util.Arrays.copyOf(img, 16 + 70_000);
        assertThatThrownBy(() -> IdxReader.read("i.idx", trickle(cut), -1, null, null, -1, 10))
                .hasMessage("i.idx: byte 70016: truncated: the header announces 3 images (90000 bytes) but the data ends after 70000 bytes");
    }

    @Test
    void labelsRunUpToClassesMinusOneAndTheirFileMustHoldThemAll() throws IOException {
        byte[] img = images(3, 1, 1, 3);
        byte[] lab = labels(0, 9, 4);
        assertThat(read(img, -1, lab, lab.length, 10).labels()).containsExactly(0, 9, 4);
        assertThatThrownBy(() -> read(img, -1, labels(0, 10, 4), -1, 10)).isInstanceOf(InputException.class)
                .hasMessage("l.idx: byte 9: label 10 of image 1 is outside 0..9");
        assertThatThrownBy(() -> read(img, -1, lab, lab.length - 1, 10))
                .hasMessage("l.idx: byte 4: header announces 3 labels but the file holds only 2 bytes after the header");
        assertThatThrownBy(() -> read(img, -1, lab, 5, 10)).hasMessageContaining("holds only 0 bytes");
        assertThat(read(images(1, 1, 1, 1), -1, labels(255), -1, 256).labels()).containsExactly(255);
    }

    @Test
    void aHeaderCutShortNamesTheByteWhereItEnds() {
        byte[] img = java.util.Arrays.copyOf(images(1, 1, 1, 1), 10);
        assertThatThrownBy(() -> read(img, -1, null, -1, 10)).hasMessageStartingWith("i.idx: byte 10: truncated IDX header");
    }
}
