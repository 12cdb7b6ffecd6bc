package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CSV reader against a plain String.split reading of the same text, on files in every form the
 * format allows (CRLF, signs, zero padding, a final blank line, more than one read buffer), and at
 * the edges of each value range.
 */
class KaggleCsvEdgesTest {
    private static Dataset read(String text, int classes) throws IOException {
        return KaggleCsvReader.read("t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), classes);
    }

    @Test
    void aLargeFileInEveryAllowedFormAgreesWithSplittingItsLines() throws IOException {
        Random r = new Random(8);
        int rows = 700, features = 49;
        StringBuilder csv = new StringBuilder("Label");
        for (int j = 0; j < features; j++) {
            csv.append(",pixel").append(j);
        }
        csv.append("\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append(r.nextInt(10));
            for (int j = 0; j < features; j++) {
                int v = r.nextInt(256);
                String cell = switch (r.nextInt(4)) {
                    case 0 -> "+" + v;
                    case 1 -> "000" + v;
                    default -> Integer.toString(v);
                };
                csv.append(',').append(cell);
            }
            csv.append(i % 2 == 0 ? "\n" : "\r\n");
        }
        csv.append("\n");
        assertThat(csv.length()).isGreaterThan(1 << 17);      // several read buffers
        Dataset d = read(csv.toString(), 10);

        String[] lines = csv.toString().split("\r?\n");
        assertThat(d.count()).isEqualTo(rows);
        assertThat(d.height()).isEqualTo(7);
        assertThat(d.width()).isEqualTo(7);
        for (int i = 0; i < rows; i++) {
            String[] cells = lines[i + 1].split(",");
            assertThat(d.labels()[i]).isEqualTo(Integer.parseInt(cells[0]));
            for (int j = 0; j < features; j++) {
                assertThat(d.pixel(i, j)).as("row %d pixel %d", i, j).isEqualTo(Integer.parseInt(cells[j + 1]));
            }
        }
    }

    @Test
    void valuesAreReadUpToTheirBoundsAndRefusedBeyond() throws IOException {
        assertThat(read("label,a,b\n9,0,255\n", 10).pixel(0, 1)).isEqualTo(255);
        assertThat(read("label,a,b\n9,0,255\n", 10).labels()).containsExactly(9);
        assertThat(read("label,a,b\n0,-0,+0\n", 10).pixel(0, 0)).isZero();
        assertThatThrownBy(() -> read("label,a,b\n9,0,256\n", 10)).isInstanceOf(InputException.class)
                .hasMessage("t.csv:2:3: a pixel value 256 in column 'b' is outside 0..255");
        assertThatThrownBy(() -> read("label,a,b\n9,-1,0\n", 10)).hasMessage("t.csv:2:2: a pixel value -1 in column 'a' is outside 0..255");
        assertThatThrownBy(() -> read("label,a,b\n10,0,0\n", 10)).hasMessage("t.csv:2:1: a label 10 in column 'label' is outside 0..9");
        assertThatThrownBy(() -> read("label,a,b\n-1,0,0\n", 10)).hasMessageContaining("a label -1");
        assertThatThrownBy(() -> read("label,a,b\n1,99999999999999,0\n", 10)).hasMessageContaining("is outside 0..255");
        assertThatThrownBy(() -> read("label,a,b\n1,+,0\n", 10)).hasMessageContaining("found '+'");
        assertThatThrownBy(() -> read("label,a,b\n1,1x,0\n", 10)).hasMessageContaining("found '1x'");
    }

    @Test
    void aCellOfSixtyFourCharactersIsReadAndALongerOneIsRefused() throws IOException {
        String padded64 = "0".repeat(61) + "255";
        assertThat(read("a\n" + padded64 + "\n", 10).pixel(0, 0)).isEqualTo(255);
        String padded65 = "0" + padded64;
        assertThatThrownBy(() -> read("a\n" + padded65 + "\n", 10)).isInstanceOf(InputException.class)
                .hasMessageContaining("expected a pixel value 0..255 in column 'a'");
    }

    @Test
    void aSquareCountIsASquareImageAndAnyOtherCountOneRow() throws IOException {
        Dataset square = read("p0,p1,p2,p3\n1,2,3,4\n", 10);
        assertThat(square.height()).isEqualTo(2);
        assertThat(square.width()).isEqualTo(2);
        assertThat(square.labelled()).isFalse();
        Dataset row = read("label,p0,p1,p2\n1,2,3,4\n", 10);
        assertThat(row.height()).isEqualTo(1);
        assertThat(row.width()).isEqualTo(3);
        assertThat(read(" LABEL ,p0\n1,2", 10).labels()).containsExactly(1);
    }

    @Test
    void rowsOfTheWrongLengthAndBlankLinesAreNamedByLineAndColumn() {
        assertThatThrownBy(() -> read("label,a,b\n1,2\n", 10)).hasMessage("t.csv:2:3: the row ends after 2 values; the header has 3 columns");
        assertThatThrownBy(() -> read("label,a,b\n1,2,3,4\n", 10)).hasMessage("t.csv:2:4: the row has more than the header's 3 columns");
        assertThatThrownBy(() -> read("label,a,b\n1,2,3\n\n1,2,3\n", 10)).hasMessage("t.csv:3:1: blank line; expected 3 comma-separated values");
        assertThatThrownBy(() -> read("label,a,b\n1,,3\n", 10)).hasMessage("t.csv:2:2: empty cell in column 'a'; expected a pixel value 0..255");
        assertThatThrownBy(() -> read("label\n1\n", 10)).hasMessage("t.csv:1:1: the header names no pixel columns");
        assertThatThrownBy(() -> read("label,a\n", 10)).hasMessage("t.csv:2:1: no data rows after the header");
        assertThatThrownBy(() -> read("", 10)).hasMessageStartingWith("t.csv:1:1: empty file");
        assertThatThrownBy(() -> read("-3,a\n1,2\n", 10)).hasMessageContaining("found a number '-3'");
        assertThatThrownBy(() -> read("label,a\n1,2\t\n", 10)).hasMessageContaining("found '2\t'");
        assertThatThrownBy(() -> read("label,a\n1,\u00e9\n", 10)).hasMessageContaining("unexpected byte 0xe9 at byte offset 10");
    }

    @Test
    void aControlByteIsRefusedWhereverItStandsEvenANulThatCouldPassForTheEnd() {
        // offsets count from 0: "label,a\n" is bytes 0..7, the first row starts at byte 8
        assertThatThrownBy(() -> read("\0label,a\n1,2\n", 10)).hasMessage(
                "t.csv:1:1: unexpected byte 0x00 at byte offset 0; this does not look like a CSV text file");
        assertThatThrownBy(() -> read("label,a\0b\n1,2\n", 10)).hasMessageContaining("unexpected byte 0x00 at byte offset 7");
        assertThatThrownBy(() -> read("label,a\u0001\n1,2\n", 10)).hasMessageContaining("unexpected byte 0x01 at byte offset 7");
        assertThatThrownBy(() -> read("label,a\u007f\n1,2\n", 10)).hasMessageContaining("unexpected byte 0x7f at byte offset 7");
        assertThatThrownBy(() -> read("label,a\n1,2\n\0,3\n", 10)).hasMessage(
                "t.csv:3:1: unexpected byte 0x00 at byte offset 12; this does not look like a CSV text file");
        assertThatThrownBy(() -> read("label,a\n1,\0\n", 10)).hasMessageContaining("t.csv:2:2: unexpected byte 0x00 at byte offset 10");
        assertThatThrownBy(() -> read("label,a\n1,2\n\n\0", 10)).hasMessage("t.csv:3:1: blank line; expected 2 comma-separated values");
    }

    @Test
    void spacesAndTildesAreText() throws IOException {
        // the printable range runs from the space (0x20) to the tilde (0x7e)
        Dataset d = read("label ,pixel 0~\n1,2\n", 10);
        assertThat(d.labels()).containsExactly(1);
        assertThat(d.pixel(0, 0)).isEqualTo(2);
    }

    @Test
    void aValueOfTwentyCharactersIsQuotedWholeAndALongerOneCut() {
        String twenty = "x".repeat(20);
        assertThatThrownBy(() -> read("label,a\n1," + twenty + "\n", 10)).hasMessageEndingWith("found '" + twenty + "'");
        assertThatThrownBy(() -> read("label,a\n1," + twenty + "y\n", 10)).hasMessageEndingWith("found '" + twenty + "...'");
    }

    @Test
    void theHeaderMayHaveUpToTheColumnLimitButNotOneMore() throws IOException {
        int max = KaggleCsvReader.MAX_COLUMNS;      // 65,536 = 256 x 256 pixels
        StringBuilder header = new StringBuilder("p0");
        for (int j = 1; j < max; j++) {
            header.append(",p").append(j);
        }
        String row = "7" + ",0".repeat(max - 1);
        Dataset widest = read(header + "\n" + row + "\n", 10);
        assertThat(widest.features()).isEqualTo(max);
        assertThat(widest.height()).isEqualTo(256);
        assertThat(widest.pixel(0, 0)).isEqualTo(7);
        assertThatThrownBy(() -> read(header + ",p" + max + "\n" + row + ",0\n", 10))
                .hasMessage("t.csv:1:" + (max + 1) + ": more than " + max + " columns");
    }
}
