package digitnet.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the original MNIST IDX files: images (magic 2051 = 0x00000803: unsigned bytes, three
 * dimensions count, rows, cols, then the pixels) and labels (magic 2049 = 0x00000801: count, then
 * one byte per label). Magic numbers and counts are checked; a header that announces more data
 * than the file holds is rejected before anything is allocated for it.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** Largest image side accepted (bounds allocation driven by the header). */
    public static final int MAX_SIDE = 4096;

    private IdxReader() {}

    /** The dimensions in an images header. */
    record ImagesHeader(int count, int rows, int cols) {}

    /**
     * Reads images and (when {@code labelsIn} is not null) labels.
     *
     * @param available bytes known to follow the 16-byte header, or -1 when unknown (gzip)
     */
    public static Dataset read(String imagesFile, InputStream imagesIn, long available,
                               String labelsFile, InputStream labelsIn, long labelsAvailable,
                               int classes) throws IOException {
        ImagesHeader h = readImagesHeader(imagesFile, imagesIn);
        long bytes = (long) h.count() * h.rows() * h.cols();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw InputException.atByte(imagesFile, 4, "header announces " + h.count() + " images of "
                    + h.rows() + "x" + h.cols() + " (" + bytes + " bytes), more than one data set can hold");
        }
        if (available >= 0 && available - 16 < bytes) {
            throw InputException.atByte(imagesFile, 4, "header announces " + h.count() + " images of "
                    + h.rows() + "x" + h.cols() + " (" + bytes + " bytes) but the file holds only "
                    + Math.max(0, available - 16) + " bytes after the header");
        }
        byte[] pixels = readBody(imagesFile, imagesIn, (int) bytes, 16, h.count() + " images");
        int[] labels = null;
        if (labelsIn != null) {
            labels = readLabels(labelsFile, labelsIn, labelsAvailable, h.count(), classes);
        }
        return new Dataset(pixels, labels, h.count(), h.rows(), h.cols(), classes, imagesFile);
    }

    static ImagesHeader readImagesHeader(String file, InputStream in) throws IOException {
        int magic = readInt(file, in, 0);
        if (magic != IMAGES_MAGIC) {
            throw InputException.atByte(file, 0, String.format(
                    "bad magic number 0x%08x; expected 0x%08x (%d) for an IDX images file", magic, IMAGES_MAGIC, IMAGES_MAGIC));
        }
        int count = readInt(file, in, 4);
        int rows = readInt(file, in, 8);
        int cols = readInt(file, in, 12);
        if (count <= 0) {
            throw InputException.atByte(file, 4, "image count " + count + "; expected at least one image");
        }
        if (rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE) {
            throw InputException.atByte(file, 8, "image size " + rows + "x" + cols + " is outside 1.." + MAX_SIDE);
        }
        return new ImagesHeader(count, rows, cols);
    }

    private static int[] readLabels(String file, InputStream in, long available, int count, int classes) throws IOException {
        int magic = readInt(file, in, 0);
        if (magic != LABELS_MAGIC) {
            throw InputException.atByte(file, 0, String.format(
                    "bad magic number 0x%08x; expected 0x%08x (%d) for an IDX labels file", magic, LABELS_MAGIC, LABELS_MAGIC));
        }
        int n = readInt(file, in, 4);
        if (n != count) {
            throw InputException.atByte(file, 4, "holds " + n + " labels but the images file holds " + count + " images");
        }
        if (available >= 0 && available - 8 < n) {
            throw InputException.atByte(file, 4, "header announces " + n + " labels but the file holds only "
                    + Math.max(0, available - 8) + " bytes after the header");
        }
        byte[] raw = readBody(file, in, n, 8, n + " labels");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int v = raw[i] & 0xFF;
            if (v >= classes) {
                throw InputException.atByte(file, 8L + i, "label " + v + " of image " + i + " is outside 0.." + (classes - 1));
            }
            labels[i] = v;
        }
        return labels;
    }

    /** Reads exactly n bytes, growing the buffer only as data arrives. */
    private static byte[] readBody(String file, InputStream in, int n, long start, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 1 << 20));
        byte[] chunk = new byte[1 << 16];
        int remaining = n;
        try {
            while (remaining > 0) {
                int r = in.read(chunk, 0, Math.min(chunk.length, remaining));
                if (r < 0) {
                    throw InputException.atByte(file, start + (n - remaining), "truncated: the header announces "
                            + what + " (" + n + " bytes) but the data ends after " + (n - remaining) + " bytes");
                }
                out.write(chunk, 0, r);
                remaining -= r;
            }
            return out.toByteArray();
        } catch (OutOfMemoryError e) {
            // a small .gz can hold the 2 GB a header may announce; the buffer is garbage once we leave
            throw InputException.atByte(file, start + (n - remaining), what + " (" + n + " bytes) do not fit in memory"
                    + " (a Java heap of " + (Runtime.getRuntime().maxMemory() >> 20) + " MB)");
        }
    }

    private static int readInt(String file, InputStream in, long offset) throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw InputException.atByte(file, offset + i, "truncated IDX header (16 bytes for images, 8 for labels)");
            }
            v = (v << 8) | b;
        }
        return v;
    }
}
