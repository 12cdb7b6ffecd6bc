package digitnet.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the IDX images reader through a stream, once with the file size known (as for a raw
 * file) and once unknown (as for a gzipped one). Seeds: the committed IDX images fixtures.
 */
class IdxImagesFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void images(byte[] bytes) throws IOException {
        for (long available : new long[] {bytes.length, -1}) {
            try {
                FuzzContract.assertValid(IdxReader.read("fuzz-images", new ByteArrayInputStream(bytes), available,
                        null, null, -1, 10), 10);
            } catch (InputException e) {
                FuzzContract.assertNamesPlace(e, "fuzz-images");
            }
        }
    }
}
