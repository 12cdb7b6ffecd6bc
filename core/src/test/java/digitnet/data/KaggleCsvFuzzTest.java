package digitnet.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzzes the Kaggle CSV reader on raw bytes (seeds: the committed CSV fixtures, in
 * KaggleCsvFuzzTestInputs/csv). See docs/robustness.md for how to run it for longer.
 */
class KaggleCsvFuzzTest {
    static final String FILE = "fuzz.csv";

    @FuzzTest(maxDuration = "5s")
    void csv(byte[] bytes) throws IOException {
        try {
            FuzzContract.assertValid(KaggleCsvReader.read(FILE, new ByteArrayInputStream(bytes), 10), 10);
        } catch (InputException e) {
            FuzzContract.assertNamesPlace(e, FILE);
        }
    }
}
