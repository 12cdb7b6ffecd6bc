package digitnet.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Fuzzes the IDX labels reader, paired with the committed tiny images file (3 images of 4x5). */
class IdxLabelsFuzzTest {
    private static final byte[] TINY_IMAGES = tinyImages();

    static byte[] tinyImages() {
        try {
            return Files.readAllBytes(Fixtures.fixture("idx/tiny-images-idx3-ubyte"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void labels(byte[] bytes) throws IOException {
        for (long available : new long[] {bytes.length, -1}) {
            try {
                FuzzContract.assertValid(IdxReader.read("tiny-images", new ByteArrayInputStream(TINY_IMAGES),
                        TINY_IMAGES.length, "fuzz-labels", new ByteArrayInputStream(bytes), available, 10), 10);
            } catch (InputException e) {
                FuzzContract.assertNamesPlace(e, "fuzz-labels");
            }
        }
    }
}
