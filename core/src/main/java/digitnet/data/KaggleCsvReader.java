package digitnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Kaggle "Digit Recognizer" CSV: a header {@code label,pixel0,...,pixelN-1} (or, for
 * the unlabelled test.csv, {@code pixel0,...}), then one row per image of integers 0..255.
 *
 * <p>A strict, streaming reader of a numeric grid: no quoting, no blank cells. Every error names
 * the file, the line, the column (1-based field number) and the column's header name. The number
 * of pixel columns comes from the header; a square count is read as a square image.
 */
public final class KaggleCsvReader {
    /** Upper bound on columns, checked before anything is allocated for them. */
    public static final int MAX_COLUMNS = 1 << 16;
    private static final int MAX_FIELD = 64;

    private final String file;
    private final InputStream in;
    private final int classes;
    private final byte[] buf = new byte[1 << 16];
    private int pos, limit;
    private long line = 1;
    private long offset;

    private KaggleCsvReader(String file, InputStream in, int classes) {
        this.file = file;
        this.in = in;
        this.classes = classes;
    }

    /** Reads a whole CSV stream (already decompressed). {@code classes} bounds the labels. */
    public static Dataset read(String file, InputStream in, int classes) throws IOException {
        KaggleCsvReader reader = new KaggleCsvReader(file, in, classes);
        try {
            return reader.readAll();
        } catch (OutOfMemoryError e) {
            // a small .gz can hold gigabytes of rows; the buffers of this read are garbage once we leave
            throw InputException.at(file, reader.line, 1, "the rows up to here (" + reader.offset
                    + " bytes of text) do not fit in memory (a Java heap of " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB)");
        }
    }

    private Dataset readAll() throws IOException {
        List<String> header = readHeader();
        boolean labelled = header.get(0).trim().equalsIgnoreCase("label");
        int features = header.size() - (labelled ? 1 : 0);
        if (features < 1) {
            throw InputException.at(file, 1, 1, "the header names no pixel columns");
        }
        int side = (int) Math.round(Math.sqrt(features));
        int height = side * side == features ? side : 1;
        int width = features / height;

        GrowableBytes pixels = new GrowableBytes(features);
        GrowableInts labels = labelled ? new GrowableInts() : null;
        byte[] field = new byte[MAX_FIELD];
        int rows = 0;
        while (true) {
            int c = peek();
            if (c < 0) {
                break;
            }
            line++;
            if (c == '\n' || c == '\r') {
                // A blank line is only allowed at the very end of the file.
                skipLineEnd();
                if (peek() < 0) {
                    break;
                }
                throw InputException.at(file, line, 1, "blank line; expected " + header.size() + " comma-separated values");
            }
            if ((long) (rows + 1) * features > Integer.MAX_VALUE - 16) {
                throw InputException.at(file, line, 1, "too many rows for one data set");
            }
            for (int col = 0; col < header.size(); col++) {
                int len = readField(field, col, header);
                int end = peek();
                boolean last = col == header.size() - 1;
                if (!last && end != ',') {
                    throw InputException.at(file, line, col + 2, "the row ends after " + (col + 1)
                            + " values; the header has " + header.size() + " columns");
                }
                if (last && end == ',') {
                    throw InputException.at(file, line, col + 2, "the row has more than the header's "
                            + header.size() + " columns");
                }
                if (labelled && col == 0) {
                    labels.add(parseInt(field, len, col, header, 0, classes - 1, "a label"));
                } else {
                    pixels.add((byte) parseInt(field, len, col, header, 0, 255, "a pixel value"));
                }
                if (!last) {
                    next(); // the comma
                }
            }
            skipLineEnd();
            rows++;
        }
        if (rows == 0) {
            throw InputException.at(file, 2, 1, "no data rows after the header");
        }
        return new Dataset(pixels.toArray(), labelled ? labels.toArray() : null, rows, height, width,
                classes, file);
    }

    private List<String> readHeader() throws IOException {
        if (peek() < 0) {
            throw InputException.at(file, 1, 1, "empty file; expected a header 'label,pixel0,...'");
        }
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        while (true) {
            int c = peek();
            if (c < 0 || c == '\n' || c == '\r') {
                names.add(name.toString());
                break;
            }
            next();
            checkText(c, names.size());
            if (c == ',') {
                names.add(name.toString());
                name.setLength(0);
                if (names.size() >= MAX_COLUMNS) {
                    throw InputException.at(file, 1, names.size() + 1, "more than " + MAX_COLUMNS + " columns");
                }
            } else if (name.length() < 256) {
                name.append((char) c);
            }
        }
        skipLineEnd();
        String first = names.get(0).trim();
        if (!first.isEmpty() && (Character.isDigit(first.charAt(0)) || first.charAt(0) == '-')) {
            throw InputException.at(file, 1, 1, "expected a header line such as 'label,pixel0,...', found a number '"
                    + abbreviate(first) + "'");
        }
        return names;
    }

    /** Reads one field into {@code field}; returns its length (capped; the rest is counted only). */
    private int readField(byte[] field, int col, List<String> header) throws IOException {
        int len = 0;
        while (true) {
            int c = peek();
            if (c < 0 || c == ',' || c == '\n' || c == '\r') {
                return len;
            }
            next();
            checkText(c, col);
            if (len < field.length) {
                field[len] = (byte) c;
            }
            len++;
        }
    }

    private int parseInt(byte[] field, int len, int col, List<String> header, int min, int max, String what) {
        if (len == 0) {
            String where = " in column '" + abbreviate(header.get(col)) + "'";
            throw InputException.at(file, line, col + 1, "empty cell" + where + "; expected " + what + " " + min + ".." + max);
        }
        int start = 0;
        boolean negative = false;
        if (field[0] == '-' || field[0] == '+') {
            negative = field[0] == '-';
            start = 1;
        }
        long value = 0;
        boolean digits = start < len && len <= field.length;
        for (int i = start; i < Math.min(len, field.length) && digits; i++) {
            int d = field[i] - '0';
            if (d < 0 || d > 9) {
                digits = false;
            } else if (value < 1_000_000_000L) {
                value = value * 10 + d;
            }
        }
        if (!digits) {
            String where = " in column '" + abbreviate(header.get(col)) + "'";
            String text = new String(field, 0, Math.min(len, field.length), java.nio.charset.StandardCharsets.ISO_8859_1);
            throw InputException.at(file, line, col + 1, "expected " + what + " " + min + ".." + max + where
                    + ", found '" + abbreviate(text) + "'");
        }
        long v = negative ? -value : value;
        if (v < min || v > max) {
            String where = " in column '" + abbreviate(header.get(col)) + "'";
            throw InputException.at(file, line, col + 1, what + " " + v + where + " is outside " + min + ".." + max);
        }
        return (int) v;
    }

    private void checkText(int c, int col) {
        if (c == '\t' || (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n') {
            return;
        }
        throw InputException.at(file, line, col + 1, String.format(
                "unexpected byte 0x%02x at byte offset %d; this does not look like a CSV text file", c, offset - 1));
    }

    private void skipLineEnd() throws IOException {
        int c = peek();
        if (c == '\r') {
            next();
            c = peek();
        }
        if (c == '\n') {
            next();
        }
    }

    private int peek() throws IOException {
        if (pos == limit) {
            limit = in.read(buf, 0, buf.length);
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buf[pos] & 0xFF;
    }

    private void next() {
        pos++;
        offset++;
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }

    /** A byte array that grows as rows arrive, so allocation follows the data actually read. */
    private static final class GrowableBytes {
        private byte[] a;
        private int n;

        GrowableBytes(int initial) {
            a = new byte[Math.max(initial, 1024)];
        }

        void add(byte b) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 16, a.length * 2L));
            }
            a[n++] = b;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static final class GrowableInts {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
