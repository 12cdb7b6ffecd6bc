package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --dev} by default: 1,000 rows, or a tenth of a data set of fewer than 10,000 (less --test). */
class DevRowsDefaultTest {
    @TempDir Path dir;

    @Test
    void aTenthOfASmallDataSetAThousandOfALargeOneAndWhatTheUserGives() {
        assertThat(TrainOptions.devRows(null, 1_500, 0)).isEqualTo(150);
        assertThat(TrainOptions.devRows(null, 9_999, 0)).isEqualTo(999);
        assertThat(TrainOptions.devRows(null, 10_000, 0)).isEqualTo(1_000);   // the embedded sample: the notebook's 1,000
        assertThat(TrainOptions.devRows(null, 42_000, 0)).isEqualTo(1_000);
        assertThat(TrainOptions.devRows(null, 10_500, 1_000)).isEqualTo(950);  // 9,500 rows after the test rows
        assertThat(TrainOptions.devRows(null, 9, 0)).isZero();
        assertThat(TrainOptions.devRows(0, 1_500, 0)).isZero();
        assertThat(TrainOptions.devRows(700, 1_500, 0)).isEqualTo(700);
    }

    @Test
    void trainOnA240RowFileHoldsOut24AndSaysSo() throws Exception {
        TrainCommandLearnTest cli = new TrainCommandLearnTest();
        cli.dir = dir;
        Path csv = cli.smallCsv();
        String out = cli.run("train", "--data", csv.toString(), "--classes", "3", "--iterations", "3",
                "--model", dir.resolve("m.safetensors").toString());
        assertThat(out).contains("240 images of 4x4, 3 classes; test 0 rows, dev 24 rows");
        String json = cli.run("train", "--data", csv.toString(), "--classes", "3", "--iterations", "3", "--json",
                "--model", dir.resolve("m2.safetensors").toString());
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("devAccuracy").isNumber()).isTrue();
    }
}
