package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch copied from the index of a byte matrix is the batch scanned from its bytes, entry for entry. */
class ByteRowsIndexTest {

    private static byte[] bytes(Random r, int rows, int features, double density) {
        byte[] px = new byte[rows * features];
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextDouble() < density ? (byte) (1 + r.nextInt(255)) : 0;
        }
        return px;
    }

    @Test
    void batchesCopiedFromTheIndexEqualBatchesScannedFromTheBytesInAnyOrder() {
        Random r = new Random(5);
        for (double density : new double[] {0, 0.05, 0.2, 0.9, 1}) {
            int rows = 90, features = 37;
            byte[] px = bytes(r, rows, features, density);
            ByteRowsIndex index = ByteRowsIndex.of(px, features);
            assertThat(index.rows()).isEqualTo(rows);
            int[] order = new int[rows];
            for (int i = 0; i < rows; i++) {
                order[i] = (i * 31 + 7) % rows;         // a permutation (31 and 90 share no factor)
            }
            for (int[] batch : new int[][] {{0, 16}, {16, 16}, {80, 10}, {3, 0}}) {
                SparseRows scanned = new SparseRows(16, features, 16L * features, 0.5f, true);
                SparseRows copied = new SparseRows(16, features, 16L * features, 0.5f, true);
                scanned.fill(px, order, batch[0], batch[1]);
                copied.fill(index, order, batch[0], batch[1]);
                assertSame(copied, scanned, density);
                scanned.fill(px, null, batch[0], batch[1]);
                copied.fill(index, null, batch[0], batch[1]);
                assertSame(copied, scanned, density);
            }
        }
    }

    private static void assertSame(SparseRows copied, SparseRows scanned, double density) {
        assertThat(copied.rows()).isEqualTo(scanned.rows());
        assertThat(copied.nonZeros()).as("non-zeros at density %s", density).isEqualTo(scanned.nonZeros());
        int n = scanned.nonZeros();
        assertThat(java.util.Arrays.copyOf(copied.rowStart, copied.rows() + 1))
                .containsExactly(java.util.Arrays.copyOf(scanned.rowStart, scanned.rows() + 1));
        assertThat(java.util.Arrays.copyOf(copied.columnOf, n)).containsExactly(java.util.Arrays.copyOf(scanned.columnOf, n));
        assertThat(java.util.Arrays.copyOf(copied.rowValues, n)).containsExactly(java.util.Arrays.copyOf(scanned.rowValues, n));
        assertThat(java.util.Arrays.copyOf(copied.columnStart, copied.features() + 1))
                .containsExactly(java.util.Arrays.copyOf(scanned.columnStart, scanned.features() + 1));
        assertThat(java.util.Arrays.copyOf(copied.rowOf, n)).containsExactly(java.util.Arrays.copyOf(scanned.rowOf, n));
        assertThat(java.util.Arrays.copyOf(copied.columnValues, n)).containsExactly(java.util.Arrays.copyOf(scanned.columnValues, n));
    }

    @Test
    void countsTheNonZerosOfEachRowAndKnowsTheArrayItWasMadeFrom() {
        byte[] px = {0, 5, 0, 7, 0, 0, 0, 0, (byte) 255, 1, 2, 3};
        ByteRowsIndex index = ByteRowsIndex.of(px, 4);
        assertThat(new int[] {index.nonZeros(0), index.nonZeros(1), index.nonZeros(2)}).containsExactly(2, 0, 4);
        assertThat(index.indexes(px, 4)).isTrue();
        assertThat(index.indexes(px.clone(), 4)).as("an equal copy is another array").isFalse();
        assertThat(index.indexes(px, 3)).isFalse();
        SparseRows x = new SparseRows(3, 4, 12, 1f, false);
        x.fill(index, new int[] {2, 0}, 0, 2);
        assertThat(x.get(0, 0)).isEqualTo(255f);           // bytes are unsigned
        assertThat(x.get(1, 3)).isEqualTo(7f);
        assertThat(x.get(1, 0)).isZero();
    }

    @Test
    void refusesWhatItCannotHold() {
        assertThat(ByteRowsIndex.fits(ByteRowsIndex.MAX_FEATURES)).isTrue();
        assertThat(ByteRowsIndex.fits(ByteRowsIndex.MAX_FEATURES + 1)).isFalse();
        assertThatThrownBy(() -> ByteRowsIndex.of(new byte[10], 4)).hasMessageContaining("10 bytes as rows of 4");
        ByteRowsIndex index = ByteRowsIndex.of(new byte[] {1, 1, 1, 1, 1, 1}, 3);
        SparseRows small = new SparseRows(2, 3, 4, 1f, false);
        assertThatThrownBy(() -> small.fill(index, null, 0, 2)).hasMessageContaining("more than 4 non-zeros");
        SparseRows other = new SparseRows(2, 5, 10, 1f, false);
        assertThatThrownBy(() -> other.fill(index, null, 0, 2)).hasMessageContaining("rows of 3 columns");
    }
}
