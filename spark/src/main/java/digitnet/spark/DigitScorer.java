package digitnet.spark;

import digitnet.api.Digitnet;
import digitnet.api.Model;
import digitnet.api.Predictions;
import digitnet.data.InputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Scores a {@code Dataset<Row>} of images with a digitnet model, the Java API of digitnet on Spark:
 * <pre>
 * DigitScorer scorer = DigitScorer.load(spark, "model.safetensors");
 * Dataset&lt;Row&gt; scored = scorer.score(images, "pixels");   // + prediction, probabilities
 * </pre>
 * The model file is read once on the driver (a bad file is refused there, as {@code digitnet predict}
 * refuses it), broadcast, and loaded once per executor JVM ({@link ExecutorModels}); each partition is
 * scored in batches of {@link #batch()} rows by the core's kernels, so every row gets the probabilities
 * {@code digitnet predict} gives it. The pixels column holds one image a row, height x width values
 * 0..255 row by row: binary, or an array of integers.
 */
public final class DigitScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The column of the predicted class's label. */
    public static final String PREDICTION = "prediction";
    /** The column of the class probabilities, in the model's class order. */
    public static final String PROBABILITIES = "probabilities";

    private final Broadcast<byte[]> file;
    private final String name;
    private final int height, width, classes, batch;
    private final List<String> labels;

    private DigitScorer(Broadcast<byte[]> file, String name, Model model, int batch) {
        this.file = file;
        this.name = name;
        this.height = model.height();
        this.width = model.width();
        this.classes = model.classes();
        this.labels = List.copyOf(model.labels());
        this.batch = batch;
    }

    /** The model of a file (a local path or a Hadoop file system URI), scoring 512 rows a batch. */
    public static DigitScorer load(SparkSession spark, String model) {
        return load(spark, model, 512);
    }

    /**
     * @param model a model file from {@code digitnet train}: a local path or a Hadoop URI (hdfs://, s3a://...)
     * @param batch rows scored together, at least 1
     * @throws InputException naming the file when it is missing or not a model
     */
    public static DigitScorer load(SparkSession spark, String model, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch " + batch + ": give at least 1");
        }
        HadoopPaths.Local local = HadoopPaths.local(spark, model);
        try {
            Model m = Digitnet.load(local.path());
            byte[] bytes = HadoopPaths.readAllBytes(local.path());
            Broadcast<byte[]> b = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
            return new DigitScorer(b, model, m, batch);
        } finally {
            local.close();
        }
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    public int batch() {
        return batch;
    }

    /** @return the label of each class, as the model file names them */
    public List<String> labels() {
        return labels;
    }

    /**
     * The rows with two more columns: {@value #PREDICTION} (the label of the most probable class) and
     * {@value #PROBABILITIES} (array of float, one per class). Lazy, as Spark's transformations are; a row
     * whose pixels do not fit the model fails the job with an {@link InputException} naming the column.
     */
    public Dataset<Row> score(Dataset<Row> rows, String pixelsColumn) {
        StructType in = rows.schema();
        int column = in.fieldIndex(pixelsColumn);
        DataType type = in.fields()[column].dataType();
        if (!(type instanceof BinaryType)
                && !(type instanceof ArrayType a && a.elementType() instanceof IntegralType)) {
            throw new InputException("column " + pixelsColumn + ": " + type.simpleString()
                    + ", but pixels are binary or an array of integers 0..255");
        }
        StructType out = in.add(new StructField(PREDICTION, DataTypes.StringType, false, Metadata.empty()))
                .add(new StructField(PROBABILITIES, DataTypes.createArrayType(DataTypes.FloatType, false), false,
                        Metadata.empty()));
        return rows.mapPartitions(new ScorePartition(this, column, pixelsColumn), Encoders.row(out));
    }

    /** One partition, batch by batch: the rows of a batch in, the same rows with their scores out. */
    private static final class ScorePartition implements MapPartitionsFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final DigitScorer s;
        private final int column;
        private final String columnName;

        ScorePartition(DigitScorer s, int column, String columnName) {
            this.s = s;
            this.column = column;
            this.columnName = columnName;
        }

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            Model model = ExecutorModels.get(s.file.value(), s.name).copy();
            int f = s.height * s.width;
            return new Iterator<>() {
                private final List<Row> batch = new ArrayList<>(s.batch);
                private final byte[] pixels = new byte[s.batch * f];
                private Predictions scored;
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < batch.size()) {
                        return true;
                    }
                    batch.clear();
                    next = 0;
                    while (batch.size() < s.batch && rows.hasNext()) {
                        Row r = rows.next();
                        SparkPixels.copy(r, column, columnName, pixels, batch.size() * f, f, s.height, s.width);
                        batch.add(r);
                    }
                    if (batch.isEmpty()) {
                        return false;
                    }
                    scored = model.predict(Digitnet.digits(Arrays.copyOf(pixels, batch.size() * f), null,
                            s.height, s.width, s.classes, "rows"));
                    return true;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    int i = next++;
                    Row r = batch.get(i);
                    Object[] values = new Object[r.length() + 2];
                    for (int c = 0; c < r.length(); c++) {
                        values[c] = r.get(c);
                    }
                    List<Float> p = new ArrayList<>(s.classes);
                    for (int c = 0; c < s.classes; c++) {
                        p.add(scored.probability(i, c));
                    }
                    values[r.length()] = s.labels.get(scored.digit(i));
                    values[r.length() + 1] = CollectionConverters.asScala(p).toSeq();
                    return RowFactory.create(values);
                }
            };
        }
    }
}
