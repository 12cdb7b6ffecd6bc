package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;

/** Fuzzes the picture path of {@code predict --image}: PNG/JPEG bytes -> 28x28 MNIST pixels. */
class MnistImageFuzzTest {
    static final String FILE = "fuzz-image";

    @FuzzTest(maxDuration = "5s")
    void image(byte[] bytes) {
        try {
            assertThat(MnistImage.read(FILE, new ByteArrayInputStream(bytes))).hasSize(MnistImage.SIZE * MnistImage.SIZE);
        } catch (InputException e) {
            FuzzContract.assertNamesPlace(e, FILE);
        }
    }
}
