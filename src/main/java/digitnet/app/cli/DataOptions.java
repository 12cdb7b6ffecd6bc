package digitnet.app.cli;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the images come from: a CSV or IDX file, or the embedded sample (a picocli mixin). */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "FILE",
            description = "Kaggle CSV (label,pixel0..) or IDX images file, raw or .gz. Default: the embedded "
                    + "sample of 10,000 MNIST digits.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX labels file for IDX images. Default: the sibling file named *labels-idx1* if it exists.")
    Path labels;

    @Option(names = "--classes", paramLabel = "K", defaultValue = "10",
            description = "Number of classes; labels must be 0..K-1. Default: ${DEFAULT-VALUE}.")
    int classes;

    Dataset load() {
        if (classes < 2 || classes > 65536) {
            throw new UsageException("--classes must be 2..65536, got " + classes);
        }
        if (data == null) {
            if (labels != null) {
                throw new UsageException("--labels needs --data");
            }
            return DataLoader.embeddedSample();
        }
        return DataLoader.load(data, labels, classes);
    }

    String describe() {
        return data == null ? DataLoader.SAMPLE_NAME : data.toString();
    }
}
