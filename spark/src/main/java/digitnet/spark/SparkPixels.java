package digitnet.spark;

import digitnet.data.InputException;
import java.util.List;
import org.apache.spark.sql.Row;

/** The pixels of one row's column (binary, or an array of integers 0..255) as the core's bytes. */
final class SparkPixels {
    private SparkPixels() {}

    /** Copies the row's image into {@code to} at {@code offset}; refuses a row of another size or a value out of 0..255. */
    static void copy(Row row, int column, String name, byte[] to, int offset, int count, int height, int width) {
        if (row.isNullAt(column)) {
            throw new InputException("column " + name + ": a row has no pixels (null)");
        }
        Object v = row.get(column);
        if (v instanceof byte[] b) {
            requireCount(name, b.length, count, height, width);
            System.arraycopy(b, 0, to, offset, count);
            return;
        }
        List<Object> values = row.getList(column);
        requireCount(name, values.size(), count, height, width);
        for (int i = 0; i < count; i++) {
            Object x = values.get(i);
            long p = x == null ? -1 : ((Number) x).longValue();
            if (p < 0 || p > 255) {
                throw new InputException("column " + name + ": pixel " + i + " of a row is " + x + ", not 0..255");
            }
            to[offset + i] = (byte) p;
        }
    }

    private static void requireCount(String name, int n, int count, int height, int width) {
        if (n != count) {
            throw new InputException("column " + name + ": a row has " + n + " pixels, but the model reads "
                    + height + "x" + width + " = " + count);
        }
    }
}
