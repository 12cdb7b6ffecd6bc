package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.download.Catalogue;
import digitnet.data.download.DownloadCache;
import digitnet.data.download.NotDownloadedException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the images come from: a CSV or IDX file, a downloaded data set, or the embedded sample (a picocli mixin). */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "FILE|NAME",
            description = "Kaggle CSV (label,pixel0..) or IDX images file, raw or .gz; or a data set fetched by "
                    + "'digitnet download NAME' (mnist, fashion-mnist, kmnist), whose train-* files are read. "
                    + "Default: the embedded sample of 10,000 MNIST digits.")
    Path data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where 'digitnet download' keeps data sets. Default: $XDG_CACHE_HOME/digitnet, or ~/.cache/digitnet.")
    Path dataDir;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX labels file for IDX images. Default: the sibling file named *labels-idx1* if it exists.")
    Path labels;

    @Option(names = "--classes", paramLabel = "K", defaultValue = "10",
            description = "Number of classes; labels must be 0..K-1. Default: ${DEFAULT-VALUE}.")
    int classes;

    Dataset load() {
        Source files = source();
        return files == null ? DataLoader.embeddedSample() : DataLoader.load(files.images, files.labels, classes);
    }

    /** The data through the library API, named as {@link #describe()} names it. */
    Digits digits() {
        Source files = source();
        Digits d = files == null ? Digitnet.sample() : Digitnet.read(files.images, files.labels, classes);
        return d.named(describe());
    }

    /** The images file and its labels file (null: the sibling or none); null for the embedded sample. */
    private record Source(Path images, Path labels) {}

    private Source source() {
        if (classes < 2 || classes > 65536) {
            throw new UsageException("--classes must be 2..65536, got " + classes);
        }
        if (data == null) {
            if (labels != null) {
                throw new UsageException("--labels needs --data");
            }
            return null;
        }
        String downloaded = downloadedName();
        return downloaded != null ? downloadedFiles(downloaded) : new Source(data, labels);
    }

    /** The data set name {@code --data} gives: a single word that is no file but a known or downloaded data set. */
    private String downloadedName() {
        if (data.getNameCount() != 1 || Files.exists(data)) {
            return null;
        }
        String name = data.toString();
        return DownloadCache.isDataset(name, downloadRoot(), Catalogue.standard()) ? name : null;
    }

    private Source downloadedFiles(String name) {
        if (labels != null) {
            throw new UsageException("--labels goes with an IDX file, not with the data set " + name);
        }
        try {
            DownloadCache.TrainFiles files = DownloadCache.trainFiles(name, downloadRoot(), Catalogue.standard());
            return new Source(files.images(), files.labels());
        } catch (NotDownloadedException e) {
            throw new InputException(e.getMessage() + "; run: digitnet download " + name
                    + (dataDir == null ? "" : " --dir " + dataDir));
        }
    }

    private Path downloadRoot() {
        return dataDir != null ? dataDir : DownloadCache.defaultRoot();
    }

    String describe() {
        return data == null ? DataLoader.SAMPLE_NAME : data.toString();
    }
}
