package digitnet.spark;

import digitnet.data.InputException;
import digitnet.model.OutputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;

/**
 * Paths as Spark jobs name them: a local path or a Hadoop file system URI (hdfs://, s3a://...). The core
 * reads local files, so a remote file is copied to a local temporary one first; an output folder is
 * written beside its name and renamed into place when complete, so a failed job leaves none.
 */
final class HadoopPaths {
    private HadoopPaths() {}

    /** A local copy of a file (or the file itself when it is local); close deletes a copy. */
    record Local(Path path, boolean copied) implements AutoCloseable {
        @Override
        public void close() {
            if (copied) {
                try {
                    Files.deleteIfExists(path);
                    Files.deleteIfExists(path.getParent());
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    static Local local(SparkSession spark, String name) {
        return local(spark.sparkContext().hadoopConfiguration(), name);
    }

    /** The file {@code name} on this machine; an InputException naming it when it is missing. */
    static Local local(Configuration conf, String name) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(name);
        String scheme = p.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            return new Local(Path.of(p.toUri().getPath()), false);
        }
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.isFile(p)) {
                throw new InputException(name + ": no such file");
            }
            Path dir = Files.createTempDirectory("digitnet-input");
            Path to = dir.resolve(p.getName());
            fs.copyToLocalFile(p, new org.apache.hadoop.fs.Path(to.toUri()));
            return new Local(to, true);
        } catch (IOException e) {
            throw new InputException(name + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The data files a name stands for: the file itself, or the files of a folder in name order (hidden
     * ones, Spark's _SUCCESS and the IDX labels files beside their images left out).
     */
    static List<String> dataFiles(SparkSession spark, String name) {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(name);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.exists(p)) {
                throw new InputException(name + ": no such file or folder");
            }
            if (fs.isFile(p)) {
                return List.of(name);
            }
            FileStatus[] all = fs.listStatus(p);
            Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
            List<String> files = new ArrayList<>();
            for (FileStatus s : all) {
                String n = s.getPath().getName();
                if (s.isFile() && !n.startsWith(".") && !n.startsWith("_") && !n.contains("labels-idx1")) {
                    files.add(s.getPath().toString());
                }
            }
            if (files.isEmpty()) {
                throw new InputException(name + ": the folder holds no data file");
            }
            return files;
        } catch (IOException e) {
            throw new InputException(name + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** Whether {@code name} is Parquet: a .parquet file or a folder of .parquet files. */
    static boolean isParquet(SparkSession spark, String name) {
        if (name.endsWith(".parquet")) {
            return true;
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(name);
        try {
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (!fs.getFileStatus(p).isDirectory()) {
                return false;
            }
            for (FileStatus s : fs.listStatus(p)) {
                if (s.getPath().getName().endsWith(".parquet")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;     // reading it as data files reports what is wrong
        }
    }

    /**
     * Writes the folder {@code out} all or nothing: {@code write} fills a temporary folder beside it,
     * which then replaces {@code out}; when {@code write} fails the temporary folder is deleted.
     */
    static void writeFolder(SparkSession spark, String out, Consumer<String> write) {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(out);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path parent = target.getParent();
            if (parent != null && !fs.exists(parent)) {
                throw new OutputException(out + ": cannot write it (the folder " + parent + " does not exist)", null);
            }
            org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
            try {
                write.accept(temp.toString());
                org.apache.hadoop.fs.Path old = new org.apache.hadoop.fs.Path(parent, "." + target.getName() + ".old-" + UUID.randomUUID());
                boolean had = fs.exists(target);
                if (had && !fs.rename(target, old)) {
                    throw new OutputException(out + ": cannot replace it", null);
                }
                if (!fs.rename(temp, target)) {
                    throw new OutputException(out + ": cannot write it (rename failed)", null);
                }
                if (had) {
                    fs.delete(old, true);
                }
            } finally {
                if (fs.exists(temp)) {
                    fs.delete(temp, true);
                }
            }
        } catch (IOException e) {
            throw new OutputException(out + ": cannot write it (" + e.getMessage() + ")", e);
        }
    }

}
