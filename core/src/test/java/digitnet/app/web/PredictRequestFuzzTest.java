package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the body parser of {@code POST /api/predict} ({@link PredictRequests#parse}). The first
 * byte picks the Content-Type ({@link #TYPES}, modulo their count), the rest is the body. Contract:
 * a 28x28 image, or an {@link ApiError} with a 4xx status and a message that says what is wrong
 * with which part of the request (the JSON, a named field, the image, the Content-Type). Seeds:
 * PredictRequestFuzzTestInputs/request (first byte 0 = JSON, 1 = PNG, 2 = JPEG, 3 = text/plain).
 */
class PredictRequestFuzzTest {
    static final List<String> TYPES = List.of("application/json", "image/png", "image/jpeg", "text/plain", "");
    /** Words of which every refusal names at least one: the part of the request it is about. */
    private static final List<String> PARTS = List.of("JSON", "field", "body", "image", "Content-Type",
            "pixels", "request body");

    @FuzzTest(maxDuration = "5s")
    void request(byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        String type = TYPES.get((bytes[0] & 0xFF) % TYPES.size());
        byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
        try {
            PredictRequests.Parsed parsed = PredictRequests.parse(type, body);
            assertThat(parsed.pixels()).hasSize(PredictRequests.PIXELS);
            assertThat(type).isIn("application/json", "image/png", "image/jpeg");
        } catch (ApiError e) {
            assertRefusal(e);
        }
    }

    /** A client error (4xx) whose message names the part of the request that is wrong. */
    static void assertRefusal(ApiError e) {
        assertThat(e.status).as("status of %s", e.getMessage()).isBetween(400, 499);
        assertThat(e.getMessage()).isNotBlank();
        assertThat(PARTS).as("message names a part of the request: %s", e.getMessage())
                .anyMatch(p -> e.getMessage().contains(p));
    }
}
