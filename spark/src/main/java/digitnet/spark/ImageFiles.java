package digitnet.spark;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.data.InputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The images of data files (Kaggle CSV, IDX, raw or gzipped) as rows {@code (ImageId, pixels)}: each file
 * is read on an executor by the core's reader, the one {@code digitnet predict} uses, so the same bytes
 * give the same pixels and the same refusals. ImageId counts from 1 over the files in the order given
 * (a folder's in name order), each file's rows in file order, as the submission of their concatenation.
 */
final class ImageFiles {
    static final StructType SCHEMA = new StructType().add("ImageId", DataTypes.LongType, false)
            .add("pixels", DataTypes.BinaryType, false);

    private ImageFiles() {}

    /** The rows, and the cached images behind them (unpersist when done). */
    record Rows(Dataset<Row> rows, JavaRDD<byte[]> cached) {}

    static Rows read(SparkSession spark, List<String> files, int height, int width, int classes) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        JavaRDD<byte[]> images = jsc.parallelize(files, files.size())
                .mapPartitions(names -> images(names, conf, height, width, classes))
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Row> rows = images.zipWithIndex().map(t -> RowFactory.create(t._2() + 1, t._1()));
        return new Rows(spark.createDataFrame(rows, SCHEMA), images);
    }

    private static Iterator<byte[]> images(Iterator<String> names, SerializableConfiguration conf, int height, int width,
            int classes) {
        List<byte[]> out = new ArrayList<>();
        while (names.hasNext()) {
            String name = names.next();
            try (HadoopPaths.Local local = HadoopPaths.local(conf.value(), name)) {
                Digits d = Digitnet.read(local.path(), null, classes);
                if (d.height() != height || d.width() != width) {
                    throw new InputException(name + ": " + d.height() + "x" + d.width() + " images, but the model reads "
                            + height + "x" + width);
                }
                for (int i = 0; i < d.count(); i++) {
                    out.add(d.image(i));
                }
            }
        }
        return out.iterator();
    }
}
