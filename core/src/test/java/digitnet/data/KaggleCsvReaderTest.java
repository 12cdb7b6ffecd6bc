package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KaggleCsvReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"csv/good-8x8.csv", "csv/good-8x8.csv.gz", "csv/good-8x8-crlf.csv"})
    void readsLabelledRowsOfAnyPixelCount(String file) {
        Dataset d = DataLoader.load(Fixtures.fixture(file), null, 10);
        assertThat(d.count()).isEqualTo(3);
        assertThat(d.height()).isEqualTo(8);
        assertThat(d.width()).isEqualTo(8);
        assertThat(d.labels()).containsExactly(3, 0, 9);
        assertThat(d.pixels()).hasSize(3 * 64);
    }

    @Test
    void readsThePixelValuesInOrder() {
        Path p = Fixtures.fixture("csv/good-8x8.csv");
        String firstRow = readLine(p, 1);
        String[] cells = firstRow.split(",");
        Dataset d = DataLoader.load(p, null, 10);
        for (int j = 0; j < 64; j++) {
            assertThat(d.pixel(0, j)).isEqualTo(Integer.parseInt(cells[j + 1]));
        }
    }

    @Test
    void readsTheUnlabelledTestLayout() {
        Dataset d = DataLoader.load(Fixtures.fixture("csv/unlabelled-8x8.csv"), null, 10);
        assertThat(d.labelled()).isFalse();
        assertThat(d.count()).isEqualTo(2);
        assertThat(d.features()).isEqualTo(64);
    }

    @Test
    void readsTheEmbeddedSample() {
        Dataset d = DataLoader.embeddedSample();
        assertThat(d.count()).isEqualTo(10_000);
        assertThat(d.shape()).isEqualTo("28x28");
        int[] counts = new int[10];
        for (int l : d.labels()) {
            counts[l]++;
        }
        assertThat(counts).containsExactly(1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty.csv              | :1:1: empty file",
        "header-only.csv        | :2:1: no data rows",
        "too-few-columns.csv    | :2:65: the row ends after 64 values; the header has 65 columns",
        "too-many-columns.csv   | :2:66: the row has more than the header's 65 columns",
        "non-numeric-pixel.csv  | :2:6: expected a pixel value 0..255 in column 'pixel4', found 'abc'",
        "nan-pixel.csv          | :2:6: expected a pixel value 0..255 in column 'pixel4', found 'NaN'",
        "pixel-256.csv          | :2:6: a pixel value 256 in column 'pixel4' is outside 0..255",
        "pixel-negative.csv     | :2:6: a pixel value -1 in column 'pixel4' is outside 0..255",
        "label-10.csv           | :2:1: a label 10 in column 'label' is outside 0..9",
        "label-negative.csv     | :2:1: a label -2 in column 'label' is outside 0..9",
        "binary-garbage.csv     | :1:",
        "truncated.csv.gz       | truncated gzip data",
    })
    void rejectsMalformedFilesNamingThePlace(String file, String expected) {
        Path p = Fixtures.fixture("csv/" + file);
        assertThatThrownBy(() -> DataLoader.load(p, null, 10))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(p.toString())
                .hasMessageContaining(expected.trim());
    }

    @Test
    void binaryGarbageIsNamedAsNotText() {
        Path p = Fixtures.fixture("csv/binary-garbage.csv");
        assertThatThrownBy(() -> DataLoader.load(p, null, 10))
                .hasMessageContaining("does not look like a CSV text file");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> DataLoader.load(Path.of("no/such/file.csv"), null, 10))
                .isInstanceOf(InputException.class)
                .hasMessage("no/such/file.csv: no such file");
    }

    @Test
    void labelsBeyondTheDefaultTenAreAcceptedWithMoreClasses() {
        Dataset d = DataLoader.load(Fixtures.fixture("csv/label-10.csv"), null, 11);
        assertThat(d.labels()).containsExactly(10);
    }

    private static String readLine(Path p, int index) {
        try {
            return java.nio.file.Files.readAllLines(p).get(index);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
