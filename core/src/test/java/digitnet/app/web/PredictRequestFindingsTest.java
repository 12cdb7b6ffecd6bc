package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The exact answers to the committed audit inputs of {@link PredictRequestFuzzTest} (its Inputs
 * directory; the first byte picks the Content-Type, as in the fuzz target).
 */
class PredictRequestFindingsTest {
    static ApiError refusal(String input) throws IOException {
        byte[] bytes;
        try (InputStream in = PredictRequestFindingsTest.class.getResourceAsStream("PredictRequestFuzzTestInputs/request/" + input)) {
            bytes = in.readAllBytes();
        }
        String type = PredictRequestFuzzTest.TYPES.get(bytes[0]);
        ApiError e = catchThrowableOfType(ApiError.class, () -> PredictRequests.parse(type, Arrays.copyOfRange(bytes, 1, bytes.length)));
        assertThat(e).as(input).isNotNull();
        PredictRequestFuzzTest.assertRefusal(e);
        return e;
    }

    @Test
    void dataAfterTheObjectIsRefusedNotIgnored() throws IOException {
        assertThat(refusal("audit-json-two-objects.bin").getMessage())
                .isEqualTo("malformed JSON: more data after the end of the object");
        assertThat(refusal("audit-json-trailing-bracket.bin").getMessage())
                .isEqualTo("malformed JSON: Unexpected close marker ']': no open Array to close");
    }

    @Test
    void aFieldGivenTwiceIsRefusedNotResolvedByTheLastOne() throws IOException {
        assertThat(refusal("audit-json-duplicate-keys.bin").getMessage()).startsWith("malformed JSON: Duplicate field 'pixels'");
    }

    @Test
    void deepNestingAndHugeNumbersAreMalformedJsonNotAStackOverflow() throws IOException {
        assertThat(refusal("audit-json-nesting-5000.bin").getMessage()).startsWith("malformed JSON: Document nesting depth");
        assertThat(refusal("audit-json-number-3000-digits.bin").getMessage()).startsWith("malformed JSON: Number value length");
    }

    @Test
    void sidesBeyondTheLimitNameTheField() throws IOException {
        assertThat(refusal("audit-json-side-1e10.bin").getMessage()).isEqualTo("field width must be an integer 1..2048");
    }

    @Test
    void aMissingContentTypeIs415() throws IOException {
        ApiError e = refusal("missing-content-type.bin");
        assertThat(e.status).isEqualTo(415);
        assertThat(e.getMessage()).startsWith("Content-Type is missing");
    }
}
