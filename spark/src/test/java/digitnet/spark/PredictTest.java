package digitnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Predict in Spark (local[2]) against {@code digitnet predict} on the same rows: the same lines, row for
 * row, from a CSV file, a folder of CSV and IDX files and Parquet; the Java API on a Dataset; and bad
 * input refused with one line, exit code 3 and no output folder.
 */
class PredictTest {
    static final int ROWS = 3000;
    @TempDir static Path dir;
    static SparkSession spark;
    static Path model, csv;
    static Digits rows;

    @BeforeAll
    static void setUp() {
        spark = SparkTesting.local();
        model = SparkTesting.trainedModel(dir);
        rows = Digitnet.sample().first(ROWS);
        csv = SparkTesting.writeCsv(rows, 0, ROWS, dir.resolve("test.csv"), false);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<String> cliPredict(Path data, boolean probabilities) throws Exception {
        Path out = Files.createTempFile(dir, "cli", ".csv");
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString()));
        if (probabilities) {
            args.add("--probabilities");
        }
        SparkTesting.cli(args.toArray(String[]::new));
        return Files.readAllLines(out);
    }

    @Test
    void aCsvFileGivesTheLinesOfDigitnetPredictRowForRow() throws Exception {
        List<String> expected = cliPredict(csv, true);
        Path out = dir.resolve("out-csv");
        assertThat(Predict.run(spark, "--model", model.toString(), "--data", csv.toString(), "--out", out.toString(),
                "--probabilities", "--batch", "100")).isZero();
        assertThat(SparkTesting.csvRows(out, expected.get(0))).hasSize(ROWS).isEqualTo(expected.subList(1, expected.size()));
    }

    @Test
    void aFolderOfCsvAndIdxFilesIsTheirConcatenationInNameOrder() throws Exception {
        Path folder = dir.resolve("folder");
        SparkTesting.writeCsv(rows, 0, 1000, folder.resolve("a.csv"), true);
        SparkTesting.writeCsv(rows, 1000, 1800, folder.resolve("b.csv"), false);
        writeIdx(rows, 1800, ROWS, folder.resolve("c-images-idx3-ubyte"));
        Path out = dir.resolve("out-folder");
        assertThat(Predict.run(spark, "--model", model.toString(), "--data", folder.toString(), "--out", out.toString()))
                .isZero();
        List<String> expected = cliPredict(csv, false);
        assertThat(SparkTesting.csvRows(out, "ImageId,Label")).isEqualTo(expected.subList(1, expected.size()));
    }

    @Test
    void parquetWithAPixelsColumnGivesTheSameLabelsAndProbabilities() throws Exception {
        Path in = dir.resolve("images.parquet");
        images(false).write().parquet(in.toString());
        Path out = dir.resolve("out-parquet");
        assertThat(Predict.run(spark, "--model", model.toString(), "--data", in.toString(), "--out", out.toString(),
                "--format", "parquet", "--probabilities")).isZero();
        List<String> expected = cliPredict(csv, true);
        List<Row> got = spark.read().parquet(out.toString()).orderBy("ImageId").collectAsList();
        assertThat(got).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) {
            String[] e = expected.get(i + 1).split(",");
            Row r = got.get(i);
            assertThat(r.getLong(0)).isEqualTo(Long.parseLong(e[0]));
            assertThat(r.getString(1)).isEqualTo(e[1]);
            for (int c = 0; c < 10; c++) {
                assertThat(r.getFloat(2 + c)).as("row %d p%d", i + 1, c).isEqualTo(Float.parseFloat(e[2 + c]));
            }
        }
    }

    @Test
    void theJavaApiScoresADatasetOfIntegerArraysAsTheModelDoes() {
        DigitScorer scorer = DigitScorer.load(spark, model.toString(), 64);
        List<Row> scored = scorer.score(images(true), "pixels").orderBy("ImageId").collectAsList();
        Model m = Digitnet.load(model);
        assertThat(scored).hasSize(ROWS);
        for (int i = 0; i < ROWS; i += 7) {
            var p = m.predict(rows.image(i));
            Row r = scored.get(i);
            assertThat(r.getString(r.fieldIndex(DigitScorer.PREDICTION))).isEqualTo(p.label());
            assertThat(r.<Float>getList(r.fieldIndex(DigitScorer.PROBABILITIES))).isEqualTo(p.probabilities());
        }
        assertThat(ExecutorModels.loadedCount()).as("one load per JVM, not per task").isGreaterThanOrEqualTo(1)
                .isLessThanOrEqualTo(2);
    }

    @Test
    void aMissingModelACorruptFileAndAWrongShapeGiveOneLineExitCode3AndNoOutputFolder() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "pixel0,pixel1\n1,2\n3,x\n");
        Path small = SparkTesting.writeCsv(Digitnet.digits(new byte[2 * 196], null, 14, 14, 10, "small"), 0, 2,
                dir.resolve("small.csv"), false);
        Path notAModel = Files.writeString(dir.resolve("not-a-model.safetensors"), "hello");
        String[][] cases = {
            {"--model", dir.resolve("missing.safetensors").toString(), "--data", csv.toString()},
            {"--model", notAModel.toString(), "--data", csv.toString()},
            {"--model", model.toString(), "--data", bad.toString()},
            {"--model", model.toString(), "--data", small.toString()},
            {"--model", model.toString(), "--data", dir.resolve("missing-dir").toString()},
        };
        String[] named = {"missing.safetensors", "not-a-model.safetensors", "bad.csv", "small.csv", "missing-dir"};
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("out-bad-" + i);
            List<String> args = new ArrayList<>(List.of(cases[i]));
            args.addAll(List.of("--out", out.toString()));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Predict.run(spark, new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text).isEqualTo(3);
            assertThat(text.lines().toList()).as("one line").hasSize(1);
            assertThat(text).startsWith("digitnet-spark predict: error: ").contains(named[i]);
            assertThat(out).doesNotExist();
            try (var siblings = Files.list(dir)) {
                assertThat(siblings.map(p -> p.getFileName().toString())).as("no temporary folder left")
                        .noneMatch(n -> n.startsWith(".out-bad-"));
            }
        }
    }

    /** The sample's rows as a Dataset (ImageId, pixels): binary, or arrays of integers. */
    static Dataset<Row> images(boolean intArrays) {
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            byte[] p = rows.image(i);
            if (intArrays) {
                List<Integer> v = new ArrayList<>(p.length);
                for (byte b : p) {
                    v.add(b & 0xff);
                }
                list.add(RowFactory.create((long) i + 1, CollectionConverters.asScala(v).toSeq()));
            } else {
                list.add(RowFactory.create((long) i + 1, p));
            }
        }
        StructType schema = new StructType().add("ImageId", DataTypes.LongType)
                .add("pixels", intArrays ? DataTypes.createArrayType(DataTypes.IntegerType) : DataTypes.BinaryType);
        return spark.createDataFrame(list, schema).repartition(3);
    }

    static void writeIdx(Digits d, int from, int to, Path file) throws Exception {
        int n = to - from, f = d.height() * d.width();
        byte[] out = new byte[16 + n * f];
        java.nio.ByteBuffer.wrap(out).putInt(0x803).putInt(n).putInt(d.height()).putInt(d.width());
        for (int i = 0; i < n; i++) {
            System.arraycopy(d.image(from + i), 0, out, 16 + i * f, f);
        }
        Files.write(file, out);
    }
}
