package digitnet.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Fuzzes the model-file loader behind its checksums: each input has both SHA-256 fields
 * rewritten to match its mutated bytes before loading, so that mutations of the JSON header and
 * the tensor data reach the checks of shapes, offsets, architecture and values.
 */
class ModelFileResealedFuzzTest {
    @FuzzTest(maxDuration = "5s")
    void resealed(byte[] bytes) throws IOException {
        ModelFileFuzzTest.check(ModelFileFuzzTest.reseal(bytes));
    }
}
