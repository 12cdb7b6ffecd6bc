package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte search that finds the header's file_sha256 placeholder, against String.indexOf. */
class ModelFileIndexOfTest {

    private static int search(String hay, String needle, int from, int to) {
        return ModelFile.indexOf(hay.getBytes(StandardCharsets.US_ASCII), needle.getBytes(StandardCharsets.US_ASCII), from, to);
    }

    @Test
    void findsTheFirstWholeOccurrenceInsideTheRangeLikeStringIndexOf() {
        String hay = "abcabcab";
        for (String needle : new String[] {"a", "abc", "cab", "bcab", "ab", "abcabcab", "b"}) {
            for (int from = 0; from <= hay.length(); from++) {
                for (int to = from; to <= hay.length(); to++) {
                    int expected = hay.substring(0, to).indexOf(needle, from);
                    assertThat(search(hay, needle, from, to)).as("%s in [%d, %d)", needle, from, to).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aNeedleThatIsAbsentOrLongerThanTheRangeIsNotFound() {
        assertThat(search("abcabc", "x", 0, 6)).isEqualTo(-1);
        assertThat(search("abcabc", "abcabcd", 0, 6)).isEqualTo(-1);
        assertThat(search("abcabc", "bc", 0, 2)).isEqualTo(-1);     // it ends at 3, past the range
        assertThat(search("abcabc", "bc", 0, 3)).isEqualTo(1);      // ends exactly at the range's end
    }
}
