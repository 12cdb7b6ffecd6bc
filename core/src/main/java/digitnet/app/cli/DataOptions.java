package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import digitnet.api.PictureFolder;
import java.io.PrintWriter;
import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.download.Catalogue;
import digitnet.data.download.DownloadCache;
import digitnet.data.download.NotDownloadedException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the images come from: a CSV or IDX file, a downloaded data set, or the embedded sample (a picocli mixin). */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "FILE|DIR|NAME",
            description = "Kaggle CSV (label,pixel0..) or IDX images file, raw or .gz; or a folder of pictures with one "
                    + "subfolder per class (or train/ and test/ subfolders holding them; see docs/folders.md); or a "
                    + "data set fetched by 'digitnet download NAME' (mnist, fashion-mnist, kmnist), whose train-* "
                    + "files are read. Default: the embedded sample of 10,000 MNIST digits.")
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

    @Mixin PictureOptions pictures;

    private PictureFolder folder;       // read once per run

    Dataset load() {
        Source files = source();
        return files == null ? DataLoader.embeddedSample() : DataLoader.load(files.images, files.labels, classes);
    }

    /** The data through the library API, named as {@link #describe()} names it; a folder's train part. */
    Digits digits() {
        return digits(null, null);
    }

    /**
     * The data as {@code model} reads it (a folder brought to its channels and size; null: as the options say),
     * a folder's notices and progress on {@code err} (null: none).
     */
    Digits digits(Model model, PrintWriter err) {
        if (PictureOptions.isFolder(data)) {
            return folder(model, err).train().named(describe());
        }
        Source files = source();
        Digits d = files == null ? Digitnet.sample() : Digitnet.read(files.images, files.labels, classes);
        return d.named(describe());
    }

    /** The untouched test part of a train/test folder, or null. */
    Digits testDigits(Model model, PrintWriter err) {
        return PictureOptions.isFolder(data) ? folder(model, err).test().orElse(null) : null;
    }

    private PictureFolder folder(Model model, PrintWriter err) {
        if (labels != null) {
            throw new UsageException("--labels goes with IDX images, not with the folder of pictures " + data);
        }
        if (folder == null) {
            folder = pictures.read(data, dataDir, model, err);
        }
        return folder;
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
