package digitnet.data;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the fuzzers found in the data readers, as plain tests (the crashing inputs themselves are
 * also kept in each fuzz test's Inputs directory, see docs/robustness.md).
 */
class FuzzFindingsTest {

    /** IdxImagesFuzzTest: an IDX header announcing 0 images gave an empty data set (CSV rejects one). */
    @Test
    void anIdxFileWithZeroImagesIsRejected() throws Exception {
        Path crash = Path.of(FuzzFindingsTest.class.getResource(
                "IdxImagesFuzzTestInputs/images/crash-3821ef1b-zero-image-count").toURI());
        byte[] bytes = Files.readAllBytes(crash);
        assertThatThrownBy(() -> IdxReader.read("zero-images", new ByteArrayInputStream(bytes), bytes.length,
                null, null, -1, 10))
                .isInstanceOf(InputException.class)
                .hasMessage("zero-images: byte 4: image count 0; expected at least one image");
    }

    /**
     * Found by auditing the readers: a 333-byte JPEG whose header says 8192x8192 made the decoder
     * allocate a 256 MB raster (and 5.8 s, 600 MB of heap in all) for a picture that is not there.
     */
    @Test
    void aTinyJpegAnnouncingAHugePictureIsRejectedFromItsHeader() throws Exception {
        byte[] bytes = getClass().getResourceAsStream(
                "MnistImageFuzzTestInputs/image/audit-jpeg-header-8192x8192-in-333-bytes.jpg").readAllBytes();
        assertThatThrownBy(() -> MnistImage.read("bomb.jpg", new ByteArrayInputStream(bytes)))
                .isInstanceOf(InputException.class)
                .hasMessage("bomb.jpg: image size 8192x8192 is outside 1..4096");
    }
}
