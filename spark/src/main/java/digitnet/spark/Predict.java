package digitnet.spark;

import digitnet.data.InputException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class digitnet.spark.Predict digitnet-spark.jar --model M --data IN --out OUT}:
 * the predictions of {@code digitnet predict} for data too big for one machine. IN is a Kaggle CSV or IDX
 * file, a folder of them, or Parquet with a {@code pixels} column; OUT a folder of CSV parts
 * ({@code ImageId,Label}, each with its header, with {@code p0..p9} too under {@code --probabilities}) or
 * Parquet, written all or nothing. See docs/spark.md.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict digits on a Spark cluster: the rows of digitnet predict, in folders of CSV or Parquet.")
public final class Predict implements SparkJob.Options {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file (from train).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "IN",
            description = "Kaggle CSV or IDX images (raw or .gz), a folder of them, or Parquet with a pixels column.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "The output folder (replaced when it exists).")
    String out;

    /** The output's format. */
    enum Format { csv, parquet }

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|parquet", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--probabilities", description = "Add one probability column per class (p0..p9).")
    boolean probabilities;

    @Option(names = "--batch", defaultValue = "512", description = "Rows scored together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--verbose", description = "Spark's log and stack traces on errors.")
    boolean verbose;

    @Override
    public boolean verbose() {
        return verbose;
    }

    public static void main(String[] args) {
        Predict p = new Predict();
        SparkJob.main("predict", p, args, p::predict);
    }

    /** Runs in a session of the caller's (tests); returns the exit code. */
    public static int run(SparkSession spark, String... args) {
        return run(spark, System.err, args);
    }

    static int run(SparkSession spark, java.io.PrintStream err, String... args) {
        Predict p = new Predict();
        return SparkJob.run("predict", p, args, spark, p::predict, err);
    }

    private int predict(SparkSession spark) {
        DigitScorer scorer = DigitScorer.load(spark, model, batch);
        Dataset<Row> images;
        ImageFiles.Rows files = null;
        if (HadoopPaths.isParquet(spark, data)) {
            images = parquet(spark);
        } else {
            files = ImageFiles.read(spark, HadoopPaths.dataFiles(spark, data), scorer.height(), scorer.width(),
                    scorer.classes());
            images = files.rows();
        }
        try {
            Dataset<Row> scored = scorer.score(images, "pixels");
            List<Column> columns = new ArrayList<>(List.of(functions.col("ImageId"),
                    functions.col(DigitScorer.PREDICTION).as("Label")));
            if (probabilities) {
                spark.udf().register("digitnet_plain", (UDF1<Float, String>) Predict::plain, DataTypes.StringType);
                for (int c = 0; c < scorer.classes(); c++) {
                    Column p = functions.col(DigitScorer.PROBABILITIES).getItem(c);
                    columns.add((format == Format.csv ? functions.callUDF("digitnet_plain", p) : p)
                            .as("p" + scorer.labels().get(c)));
                }
            }
            Dataset<Row> table = scored.select(columns.toArray(Column[]::new));
            HadoopPaths.writeFolder(spark, out, temp -> {
                if (format == Format.csv) {
                    table.write().option("header", "true").csv(temp);
                } else {
                    table.write().parquet(temp);
                }
            });
            long count = spark.read().format(format.name()).option("header", "true").load(out).count();
            System.out.printf("wrote %d predictions of %s to %s%n", count, data, out);
            return 0;
        } finally {
            if (files != null) {
                files.cached().unpersist(false);
            }
        }
    }

    private Dataset<Row> parquet(SparkSession spark) {
        Dataset<Row> rows = spark.read().parquet(data);
        List<String> names = List.of(rows.columns());
        if (!names.contains("pixels")) {
            throw new InputException(data + ": no column pixels (its columns: " + String.join(", ", names) + ")");
        }
        if (names.contains("ImageId")) {
            return rows.select(functions.col("ImageId").cast(DataTypes.LongType), functions.col("pixels"));
        }
        return spark.createDataFrame(rows.select("pixels").javaRDD().zipWithIndex()
                .map(t -> org.apache.spark.sql.RowFactory.create(t._2() + 1, t._1().get(0))),
                new org.apache.spark.sql.types.StructType().add("ImageId", DataTypes.LongType, false)
                        .add("pixels", rows.schema().apply("pixels").dataType(), true));
    }

    /** The shortest decimal of {@code p} without an exponent, as {@code digitnet predict --probabilities} writes it. */
    static String plain(Float p) {
        return new java.math.BigDecimal(Float.toString(p)).toPlainString();
    }
}
