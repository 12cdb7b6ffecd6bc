package digitnet.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a data file whatever its format: Kaggle CSV or IDX, each raw or gzipped. The format is
 * told by the content (gzip and IDX magic numbers), not by the file name.
 */
public final class DataLoader {
    /** The 10,000 real MNIST digits committed as a resource (see docs/usage.md, "Data formats"). */
    public static final String SAMPLE_RESOURCE = "/digitnet/data/mnist-10k.csv.gz";
    public static final String SAMPLE_NAME = "embedded sample mnist-10k.csv.gz";
    public static final int DEFAULT_CLASSES = 10;

    private DataLoader() {}

    /** The embedded sample: 10,000 labelled 28x28 digits. */
    public static Dataset embeddedSample() {
        try (InputStream raw = DataLoader.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("resource " + SAMPLE_RESOURCE + " is missing from the build");
            }
            return KaggleCsvReader.read(SAMPLE_NAME, new GZIPInputStream(new BufferedInputStream(raw), 1 << 16), DEFAULT_CLASSES);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SAMPLE_RESOURCE, e);
        }
    }

    /**
     * Loads {@code data}; {@code labels} (IDX only) may be null, in which case a sibling
     * {@code *labels-idx1*} file is used when it exists.
     */
    public static Dataset load(Path data, Path labels, int classes) {
        String name = data.toString();
        try {
            if (Files.isDirectory(data)) {
                throw new InputException(name + ": is a directory; expected a CSV or IDX file");
            }
            if (isIdxImages(data)) {
                Path labelFile = labels != null ? labels : siblingLabels(data);
                return readIdx(data, labelFile, classes);
            }
            if (labels != null) {
                throw new InputException(labels + ": --labels goes with IDX images, but " + name + " is not an IDX images file");
            }
            try (InputStream in = open(data)) {
                return KaggleCsvReader.read(name, in, classes);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(e.getFile() + ": no such file");
        } catch (EOFException e) {
            throw truncatedGzip(data);
        } catch (ZipException e) {
            throw new InputException(name + ": corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InputException(name + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static Dataset readIdx(Path images, Path labels, int classes) throws IOException {
        String labelName = labels == null ? null : labels.toString();
        try (InputStream img = open(images); InputStream lab = labels == null ? null : open(labels)) {
            long imgAvail = isGzip(images) ? -1 : Files.size(images);
            long labAvail = labels == null || isGzip(labels) ? -1 : Files.size(labels);
            try {
                return IdxReader.read(images.toString(), img, imgAvail, labelName, lab, labAvail, classes);
            } catch (EOFException e) {
                throw truncatedGzip(images);
            }
        }
    }

    private static InputException truncatedGzip(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return InputException.atByte(file.toString(), size, "truncated gzip data: the file ends before the compressed stream does");
    }

    /** For {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz} if it exists. */
    static Path siblingLabels(Path images) {
        String file = images.getFileName().toString();
        String sibling = file.replace("images-idx3", "labels-idx1").replace("images.idx3", "labels.idx1");
        if (sibling.equals(file)) {
            return null;
        }
        Path p = images.resolveSibling(sibling);
        return Files.isRegularFile(p) ? p : null;
    }

    /**
     * A buffered stream of the file's content, decompressed when it starts with the gzip magic;
     * a truncated or corrupt gzip stream throws an {@link InputException} naming this file.
     */
    public static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (isGzip(file)) {
            return new BufferedInputStream(new GzipErrors(file, new GZIPInputStream(in, 1 << 16)), 1 << 16);
        }
        return in;
    }

    /** Names the file when its gzip stream turns out truncated or corrupt. */
    private static final class GzipErrors extends FilterInputStream {
        private final Path file;

        GzipErrors(Path file, InputStream in) {
            super(in);
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (EOFException e) {
                throw truncatedGzip(file);
            } catch (ZipException e) {
                throw new InputException(file + ": corrupt gzip data (" + e.getMessage() + ")");
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (EOFException e) {
                throw truncatedGzip(file);
            } catch (ZipException e) {
                throw new InputException(file + ": corrupt gzip data (" + e.getMessage() + ")");
            }
        }
    }

    public static boolean isGzip(Path file) throws IOException {
        byte[] head = readHead(file, 2);
        return head.length == 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
    }

    /**
     * IDX magic numbers start with two zero bytes, which a CSV text file cannot; such a file is
     * read as IDX images so that a wrong magic number is reported as one.
     */
    private static boolean isIdxImages(Path file) throws IOException {
        byte[] head;
        if (isGzip(file)) {
            try (InputStream in = open(file)) {
                head = in.readNBytes(4);
            } catch (InputException | EOFException | ZipException e) {
                return false; // reported by the CSV reader's open as corrupt gzip
            }
        } else {
            head = readHead(file, 4);
        }
        return head.length >= 2 && head[0] == 0 && head[1] == 0;
    }

    private static byte[] readHead(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }
}
