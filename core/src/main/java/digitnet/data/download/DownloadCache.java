package digitnet.data.download;

import digitnet.data.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where fetched data sets live: {@code $XDG_CACHE_HOME/digitnet}, or {@code ~/.cache/digitnet}
 * when that variable is unset or not absolute (the XDG Base Directory convention), with one
 * folder per data set.
 */
public final class DownloadCache {
    /** A downloaded data set's training files. */
    public record TrainFiles(Path images, Path labels) {}

    private DownloadCache() {}

    /** The default folder of this user. */
    public static Path defaultRoot() {
        return defaultRoot(System.getenv(), System.getProperty("user.home"));
    }

    /** The default folder given the environment and home folder. */
    public static Path defaultRoot(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "digitnet");
        }
        return Path.of(userHome, ".cache", "digitnet");
    }

    /** True when {@code name} is a data set of {@code catalogue} or a folder under {@code root}. */
    public static boolean isDataset(String name, Path root, Catalogue catalogue) {
        if (catalogue.find(name) != null) {
            return true;
        }
        try {
            FileNames.requireSafe(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Files.isDirectory(root.resolve(name));
    }

    /**
     * The {@code train-*} IDX files of data set {@code name} under {@code root}. When the name is
     * in {@code catalogue} they are verified against it first.
     *
     * @throws NotDownloadedException when a file is missing
     * @throws ChecksumException when a file is not the published one
     */
    public static TrainFiles trainFiles(String name, Path root, Catalogue catalogue) {
        FileNames.requireSafe(name);
        Path folder = root.resolve(name);
        TrainFiles files = new TrainFiles(folder.resolve(Catalogue.TRAIN_IMAGES), folder.resolve(Catalogue.TRAIN_LABELS));
        for (Path p : new Path[] {files.images(), files.labels()}) {
            if (!Files.isRegularFile(p)) {
                throw new NotDownloadedException(name, p);
            }
        }
        KnownDataset known = catalogue.find(name);
        if (known != null) {
            for (Path p : new Path[] {files.images(), files.labels()}) {
                String wrong;
                try {
                    wrong = Checksums.mismatch(known.file(p.getFileName().toString()), Checksums.of(p));
                } catch (IOException e) {
                    throw new InputException(p + ": cannot read (" + e.getMessage() + ")", e);
                }
                if (wrong != null) {
                    throw new ChecksumException(p + ": " + wrong);
                }
            }
        }
        return files;
    }
}
