package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kaggle submission file read back line by line: header, ImageIds from 1, labels, probabilities that parse to the same floats. */
class SubmissionTest {
    @TempDir
    Path dir;

    @Test
    void thePlainFileHasAHeaderAndOneRowPerImageFromOne() throws IOException {
        Path out = dir.resolve("submission.csv");
        Submission.write(out, new int[] {3, 0, 9}, null, ModelInfo.numberedLabels(10));
        assertThat(Files.readString(out)).isEqualTo("ImageId,Label\n1,3\n2,0\n3,9\n");
    }

    @Test
    void probabilitiesAreWrittenAsPlainDecimalsThatReadBackAsTheSameFloats() throws IOException {
        Path out = dir.resolve("p.csv");
        List<String> labels = List.of("cat", "dog");
        float[] p = {1.2E-5f, 0.999988f, 0.5f, 0.5f};
        Submission.write(out, new int[] {1, 0}, p, labels);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).containsExactly("ImageId,Label,pcat,pdog", "1,dog,0.000012,0.999988", "2,cat,0.5,0.5");
        assertThat(Submission.plain(3.0E-10f)).isEqualTo("0.00000000030");
        assertThat(Float.parseFloat(Submission.plain(3.0E-10f))).isEqualTo(3.0E-10f);
    }

    /** Far more than the 32 KiB the writer buffers: every row arrives once, in order. */
    @Test
    void aLongFileHoldsEveryRowOnceInOrder() throws IOException {
        int n = 5000, k = 10;
        int[] predicted = new int[n];
        float[] p = new float[n * k];
        Random r = new Random(2);
        for (int i = 0; i < n; i++) {
            predicted[i] = r.nextInt(k);
            for (int c = 0; c < k; c++) {
                p[i * k + c] = r.nextFloat();
            }
        }
        Path out = dir.resolve("long.csv");
        Submission.write(out, predicted, p, ModelInfo.numberedLabels(k));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(n + 1);
        assertThat(lines.get(0)).isEqualTo("ImageId,Label,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9");
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            assertThat(f).hasSize(k + 2);
            assertThat(Integer.parseInt(f[0])).isEqualTo(i + 1);
            assertThat(Integer.parseInt(f[1])).isEqualTo(predicted[i]);
            for (int c = 0; c < k; c++) {
                assertThat(Float.parseFloat(f[2 + c])).isEqualTo(p[i * k + c]);
            }
        }
    }

    @Test
    void probabilitiesOfTheWrongCountAreRefusedBeforeAnythingIsWritten() {
        Path out = dir.resolve("bad.csv");
        assertThatThrownBy(() -> Submission.write(out, new int[] {0, 1}, new float[3], ModelInfo.numberedLabels(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 probabilities for 2 images of 2 classes");
        assertThat(out).doesNotExist();
    }
}
