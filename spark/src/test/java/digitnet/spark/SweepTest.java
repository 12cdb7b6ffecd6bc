package digitnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.api.Digitnet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweep in Spark (local[2]): one row per point of the grid, each the run digitnet train makes; the best model kept. */
class SweepTest {
    @TempDir static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void setUp() {
        spark = SparkTesting.local();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aGridOfRatesAndSeedsGivesATableOfTheirRunsAndKeepsTheBestModel() throws Exception {
        Path data = SparkTesting.writeCsv(Digitnet.sample().first(2000), 0, 2000, dir.resolve("train.csv"), true);
        Path table = dir.resolve("results.csv"), best = dir.resolve("best.safetensors");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Sweep.run(spark, new PrintStream(err, true, StandardCharsets.UTF_8), "--vary", "learning-rate=0.0005,0.003",
                "--seeds", "1,2", "--table", table.toString(), "--model", best.toString(), "--", "--data", data.toString(),
                "--hidden", "16", "--batch-size", "64", "--epochs", "1", "--optimizer", "adam", "--dev", "500",
                "--learning-rate", "0.1");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> lines = Files.readAllLines(table);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo("settings,seed,dev_accuracy,train_accuracy,steps,seconds");
        assertThat(lines.subList(1, 5)).extracting(l -> l.substring(0, l.indexOf(",", l.lastIndexOf('"')) + 2))
                .containsExactly("\"--learning-rate 0.0005\",1", "\"--learning-rate 0.0005\",2", "\"--learning-rate 0.003\",1",
                        "\"--learning-rate 0.003\",2");

        Path cli = dir.resolve("cli.safetensors");
        SparkTesting.cli("train", "--data", data.toString(), "--hidden", "16", "--batch-size", "64", "--epochs", "1",
                "--optimizer", "adam", "--dev", "500", "--learning-rate", "0.003", "--seed", "2", "--model", cli.toString(),
                "--quiet");
        double cliDev = ((Number) Digitnet.load(cli).metrics().get("dev_accuracy")).doubleValue();
        assertThat(lines.get(4).split(",")[2]).as("the point's run is digitnet train's")
                .isEqualTo(String.format(Locale.ROOT, "%.4f", cliDev));

        double max = lines.subList(1, 5).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[2])).max().orElseThrow();
        double bestDev = ((Number) Digitnet.load(best).metrics().get("dev_accuracy")).doubleValue();
        assertThat(String.format(Locale.ROOT, "%.4f", bestDev)).isEqualTo(String.format(Locale.ROOT, "%.4f", max));
    }
}
