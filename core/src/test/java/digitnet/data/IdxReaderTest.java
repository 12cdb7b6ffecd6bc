package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @Test
    void readsImagesWithTheSiblingLabels() throws Exception {
        Path images = Fixtures.fixture("idx/tiny-images-idx3-ubyte");
        Dataset d = DataLoader.load(images, null, 10);
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(4);
        assertThat(d.width()).isEqualTo(5);
        assertThat(d.labels()).containsExactly(1, 7, 4);
        byte[] raw = Files.readAllBytes(images);
        for (int j = 0; j < 60; j++) {
            assertThat(d.pixels()[j]).isEqualTo(raw[16 + j]);
        }
    }

    @Test
    void readsGzippedFiles() {
        Dataset d = DataLoader.load(Fixtures.fixture("idx/gz-images-idx3-ubyte.gz"), null, 10);
        assertThat(d.labels()).containsExactly(1, 7, 4);
        Dataset raw = DataLoader.load(Fixtures.fixture("idx/tiny-images-idx3-ubyte"), null, 10);
        assertThat(d.pixels()).isEqualTo(raw.pixels());
    }

    @Test
    void explicitLabelsWinAndImagesWithoutLabelsAreUnlabelled(@TempDir Path dir) throws Exception {
        Path lonely = dir.resolve("lonely-images-idx3-ubyte");
        Files.copy(Fixtures.fixture("idx/tiny-images-idx3-ubyte"), lonely);
        assertThat(DataLoader.load(lonely, null, 10).labelled()).isFalse();
        Dataset d = DataLoader.load(lonely, Fixtures.fixture("idx/tiny-labels-idx1-ubyte"), 10);
        assertThat(d.labels()).containsExactly(1, 7, 4);
    }

    @Test
    void rejectsAWrongMagicNumber() {
        // 2049 (a labels magic) where 2051 belongs: not recognised as IDX images, so read as CSV and rejected
        Path p = Fixtures.fixture("idx/wrong-magic-images-idx3-ubyte");
        assertThatThrownBy(() -> DataLoader.load(p, null, 10))
                .isInstanceOf(InputException.class).hasMessageStartingWith(p.toString());
    }

    @Test
    void rejectsAWrongLabelsMagicNumber() {
        Path p = Fixtures.fixture("idx/tiny-images-idx3-ubyte");
        assertThatThrownBy(() -> DataLoader.load(p, p, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("byte 0: bad magic number 0x00000803; expected 0x00000801 (2049)");
    }

    @Test
    void rejectsATruncatedBody() {
        Path p = Fixtures.fixture("idx/truncated-images-idx3-ubyte");
        assertThatThrownBy(() -> DataLoader.load(p, null, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("header announces 3 images of 4x5 (60 bytes) but the file holds only 50 bytes");
    }

    @Test
    void rejectsAHugeAnnouncedCountBeforeAllocating() {
        Path p = Fixtures.fixture("idx/huge-count-images-idx3-ubyte");
        long before = usedHeap();
        assertThatThrownBy(() -> DataLoader.load(p, null, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("header announces 1000000000 images of 28x28");
        assertThat(usedHeap() - before).isLessThan(64L << 20);
    }

    @Test
    void rejectsAHugeAnnouncedCountInAGzippedFileAsTruncated() {
        Path p = Fixtures.fixture("idx/huge-count-gz-images-idx3-ubyte.gz");
        assertThatThrownBy(() -> DataLoader.load(p, null, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("truncated: the header announces 2000000 images");
    }

    @Test
    void rejectsLabelsOutOfRange() {
        Path p = Fixtures.fixture("idx/label-out-of-range-images-idx3-ubyte");
        assertThatThrownBy(() -> DataLoader.load(p, null, 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("label-out-of-range-labels-idx1-ubyte: byte 9: label 12 of image 1 is outside 0..9");
    }

    @Test
    void rejectsALabelCountThatDiffersFromTheImages() {
        Path images = Fixtures.fixture("idx/tiny-images-idx3-ubyte");
        assertThatThrownBy(() -> DataLoader.load(images, Fixtures.fixture("idx/count-mismatch-labels-idx1-ubyte"), 10))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("holds 2 labels but the images file holds 3 images");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
