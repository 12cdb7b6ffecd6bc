package digitnet.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes a whole data file as {@code --data} sees it: {@link DataLoader} tells gzip, IDX and CSV
 * apart by content, so one target covers the gzipped CSV and the raw and gzipped IDX paths
 * (seeds: the CSV and IDX fixtures, raw and .gz).
 */
class DataFileFuzzTest {
    private static final Path FILE = scratchFile();

    static Path scratchFile() {
        try {
            Path dir = Files.createTempDirectory("digitnet-fuzz");
            dir.toFile().deleteOnExit();
            Path f = dir.resolve("fuzz-data");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void dataFile(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            FuzzContract.assertValid(DataLoader.load(FILE, null, 10), 10);
        } catch (InputException e) {
            FuzzContract.assertNamesPlace(e, FILE.toString());
        }
    }
}
