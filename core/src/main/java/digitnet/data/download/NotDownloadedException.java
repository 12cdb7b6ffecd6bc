package digitnet.data.download;

import digitnet.data.InputException;
import java.nio.file.Path;

/** A data set asked for by name has not been fetched: {@link #missing()} is not there. */
public class NotDownloadedException extends InputException {
    private static final long serialVersionUID = 1L;
    private final String dataset;
    private final transient Path missing;

    public NotDownloadedException(String dataset, Path missing) {
        super(dataset + ": not downloaded (" + missing + " is missing)");
        this.dataset = dataset;
        this.missing = missing;
    }

    public String dataset() {
        return dataset;
    }

    public Path missing() {
        return missing;
    }
}
