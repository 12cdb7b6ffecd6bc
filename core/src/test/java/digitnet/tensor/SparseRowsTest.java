package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseRowsTest {

    @Test
    void holdsExactlyTheNonZeroBytesScaledByRowAndByColumn() {
        int count = 40, features = 29;
        byte[] pixels = randomPixels(new Random(31), count * features, 3);
        int[] order = {5, 0, 39, 7, 7, 12};
        SparseRows x = new SparseRows(order.length, features, order.length * features, 0.5f, true);
        x.fill(pixels, order, 0, order.length);
        long nonZeros = SparseRows.countNonZeros(pixels, features, order, 0, order.length);
        assertThat(x.nonZeros()).isEqualTo(nonZeros);
        for (int r = 0; r < order.length; r++) {
            for (int c = 0; c < features; c++) {
                assertThat(x.get(r, c)).isEqualTo((pixels[order[r] * features + c] & 0xFF) * 0.5f);
            }
        }
        // the by-column copy lists the same entries, rows ascending within each column
        int seen = 0;
        for (int c = 0; c < features; c++) {
            int previousRow = -1;
            for (int e = x.columnStart[c]; e < x.columnStart[c + 1]; e++) {
                assertThat(x.rowOf[e]).isGreaterThan(previousRow);
                previousRow = x.rowOf[e];
                assertThat(x.columnValues[e]).isEqualTo(x.get(x.rowOf[e], c)).isNotZero();
                seen++;
            }
        }
        assertThat(seen).isEqualTo(x.nonZeros());

    }

    /**
     * A batch large enough to be filled by the kernel threads (counted, then filled from each row's start)
     * holds the same arrays at 1, 2 and 3 threads, and exactly the bytes: rows of every density, from all zero to
     * all non-zero, so that parts end on rows with few entries (the branch-free path must not write into the
     * next part's), sized for exactly its non-zeros.
     */
    @Test
    void aLargeBatchFilledByTheThreadsHoldsTheSameEntriesAtAnyThreadCount() {
        int count = 3000, features = 29 * 8 + 3;            // 705,000 bytes: five parts
        Random random = new Random(33);
        byte[] pixels = new byte[count * features];
        for (int r = 0; r < count; r++) {
            int density = r % 9;                               // 0: all zero .. 8: all non-zero
            for (int c = 0; c < features; c++) {
                pixels[r * features + c] = random.nextInt(8) < density ? (byte) (1 + random.nextInt(255)) : 0;
            }
        }
        int[] order = new int[count];
        for (int r = 0; r < count; r++) {
            order[r] = (r * 37) % count;
        }
        long nonZeros = SparseRows.countNonZeros(pixels, features, order, 0, count);
        int[][] starts = new int[3][];
        int[][] columns = new int[3][];
        float[][] values = new float[3][];
        int threadsBefore = Parallel.shared().threads();
        try {
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                SparseRows x = new SparseRows(count, features, nonZeros, 1f / 255, false);
                x.fill(pixels, order, 0, count);
                assertThat(x.nonZeros()).isEqualTo(nonZeros);
                for (int r = 0; r < count; r++) {
                    for (int c = 0; c < features; c++) {
                        assertThat(x.get(r, c)).as("%d threads [%d,%d]", threads, r, c)
                                .isEqualTo((pixels[order[r] * features + c] & 0xFF) * (1f / 255));
                    }
                }
                starts[threads - 1] = java.util.Arrays.copyOf(x.rowStart, count + 1);
                columns[threads - 1] = x.columnOf.clone();
                values[threads - 1] = x.rowValues.clone();
            }
        } finally {
            Parallel.setThreads(threadsBefore);
        }
        for (int t = 1; t < 3; t++) {
            assertThat(starts[t]).isEqualTo(starts[0]);
            assertThat(columns[t]).isEqualTo(columns[0]);
            assertThat(values[t]).isEqualTo(values[0]);
        }
    }

    /**
     * Sized for exactly its non-zeros (a training batch), the words of 8 pixels near the end of the arrays cannot
     * take the branch-free path, which writes 8 entries: the entries are the same, and nothing is refused.
     */
    @Test
    void sizedExactlyForItsNonZerosItHoldsTheSameEntries() {
        int count = 30, features = 40;
        byte[] pixels = randomPixels(new Random(32), count * features, 2);
        pixels[pixels.length - 1] = (byte) 255;               // the last pixel of the last word is taken too
        long nonZeros = SparseRows.countNonZeros(pixels, features, null, 0, count);
        SparseRows x = new SparseRows(count, features, nonZeros, 1f, false);
        x.fill(pixels, null, 0, count);
        assertThat(x.nonZeros()).isEqualTo(nonZeros);
        for (int r = 0; r < count; r++) {
            for (int c = 0; c < features; c++) {
                assertThat(x.get(r, c)).as("[%d,%d]", r, c).isEqualTo((float) (pixels[r * features + c] & 0xFF));
            }
        }
    }

    @Test
    void refusesMoreRowsOrValuesThanItWasSizedFor() {
        byte[] pixels = {1, 2, 3, 4};
        SparseRows x = new SparseRows(2, 2, 3, 1f, false);
        assertThatThrownBy(() -> x.fill(pixels, null, 0, 2)).hasMessageContaining("non-zeros");
        assertThatThrownBy(() -> new SparseRows(1, 2, 4, 1f, false).fill(pixels, null, 0, 2)).hasMessageContaining("capacity");
    }

    @Test
    void itsSizesAreCheckedAtTheirEdgesBeforeAnythingIsAllocated() {
        assertThat(new SparseRows(0, 1, 0, 1f, true).rows()).isZero();
        assertThatThrownBy(() -> new SparseRows(-1, 4, 4, 1f, false)).hasMessageStartingWith("bad sparse shape");
        assertThatThrownBy(() -> new SparseRows(2, 0, 4, 1f, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SparseRows(2, 4, -1, 1f, false)).isInstanceOf(IllegalArgumentException.class);
        // an index array's length is an int, a few below Integer.MAX_VALUE at most
        assertThatThrownBy(() -> new SparseRows(2, 4, Integer.MAX_VALUE - 7L, 1f, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** n pixels, about one in {@code oneIn} drawn from 0..255 (so sometimes 0 too), the rest 0. */
    private static byte[] randomPixels(Random random, int n, int oneIn) {
        byte[] pixels = new byte[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = random.nextInt(oneIn) == 0 ? (byte) random.nextInt(256) : 0;
        }
        return pixels;
    }
}
