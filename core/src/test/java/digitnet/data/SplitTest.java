package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hold-out split: the first dev rows of the seeded permutation are dev, the rest train; the edges of dev. */
class SplitTest {
    /** n one-pixel images whose pixel is their row number, so a split's rows can be read back. */
    private static Dataset numbered(int n) {
        byte[] px = new byte[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (byte) i;
            labels[i] = i % 2;
        }
        return new Dataset(px, labels, n, 1, 1, 2, "rows");
    }

    private static int[] rows(Dataset d) {
        int[] r = new int[d.count()];
        for (int i = 0; i < r.length; i++) {
            r[i] = d.pixel(i, 0);
        }
        return r;
    }

    @Test
    void devIsTheHeadOfTheSeededPermutationAndTrainTheRest() {
        Split s = Split.of(numbered(50), 12, 77);
        int[] order = Dataset.permutation(50, new Random(77));
        assertThat(rows(s.dev())).containsExactly(java.util.Arrays.copyOfRange(order, 0, 12));
        assertThat(rows(s.train())).containsExactly(java.util.Arrays.copyOfRange(order, 12, 50));
        assertThat(s.dev().source()).isEqualTo("rows (dev)");
        assertThat(s.train().source()).isEqualTo("rows (train)");
        assertThat(s.train().labels()[0]).isEqualTo(rows(s.train())[0] % 2);
    }

    @Test
    void devRunsFromNoneToAllButOneRow() {
        assertThat(Split.of(numbered(10), 0, 1).train().count()).isEqualTo(10);
        assertThat(Split.of(numbered(10), 9, 1).train().count()).isEqualTo(1);
        assertThatThrownBy(() -> Split.of(numbered(10), 10, 1)).isInstanceOf(InputException.class)
                .hasMessageContaining("rows: cannot hold out 10 dev rows from 10 rows");
        assertThatThrownBy(() -> Split.of(numbered(10), -1, 1)).isInstanceOf(InputException.class);
    }
}
