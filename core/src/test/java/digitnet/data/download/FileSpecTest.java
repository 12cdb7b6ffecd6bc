package digitnet.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A published file's facts, checked at their edges, and a download compared with them. */
class FileSpecTest {
    static final String MD5_OF_HELLO = "5d41402abc4b2a76b9719d911017c592";   // MD5("hello")

    @TempDir Path dir;

    @Test
    void aNameMayBeAsLongAsTheLimitButNoLonger() {
        String longest = "a".repeat(FileNames.MAX_LENGTH);
        assertThat(FileNames.requireSafe(longest)).isEqualTo(longest);
        assertThatThrownBy(() -> FileNames.requireSafe(longest + "b")).hasMessageStartingWith("unsafe file name");
    }

    @Test
    void checksumsAreHexDigitsOfTheirExactLengthInEitherCase() {
        assertThat(FileSpec.md5("f.gz", 5, MD5_OF_HELLO.toUpperCase()).md5()).isEqualTo(MD5_OF_HELLO);
        for (String bad : new String[] {"g".repeat(32), "5d41402abc4b2a76b9719d911017c59:", "5d41402abc4b2a76b9719d911017c59/",
                "5d41402abc4b2a76b9719d911017c59`", MD5_OF_HELLO.substring(1), MD5_OF_HELLO + "0"}) {
            assertThatThrownBy(() -> FileSpec.md5("f.gz", 5, bad)).as(bad)
                    .hasMessage("f.gz: md5 must be 32 hex digits, got \"" + bad + "\"");
        }
        assertThatThrownBy(() -> FileSpec.sha256("f.gz", "z".repeat(64))).hasMessageContaining("sha256 must be 64 hex digits");
        assertThatThrownBy(() -> new FileSpec("f.gz", -2, MD5_OF_HELLO, null)).hasMessageContaining("at least 0, got -2");
        assertThat(new FileSpec("f.gz", -1, MD5_OF_HELLO, null).size()).isEqualTo(-1);
    }

    @Test
    void aPublishedSizeOfZeroIsCheckedLikeAnyOther() throws IOException, NoSuchAlgorithmException {
        Path file = Files.write(dir.resolve("f.gz"), "hello".getBytes());
        Checksums.Digests got = Checksums.of(file);
        assertThat(got.size()).isEqualTo(5);
        assertThat(got.md5()).isEqualTo(MD5_OF_HELLO);
        assertThat(got.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest("hello".getBytes())));
        assertThat(Checksums.mismatch(FileSpec.md5("f.gz", 5, MD5_OF_HELLO), got)).isNull();
        assertThat(Checksums.mismatch(FileSpec.md5("f.gz", 0, MD5_OF_HELLO), got))
                .isEqualTo("size mismatch: expected 0 bytes, got 5");
        assertThat(Checksums.mismatch(FileSpec.md5("f.gz", -1, MD5_OF_HELLO), got)).isNull();
    }
}
