package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.Dataset;
import digitnet.data.Split;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The three-way cut: test rows out first with their own seed, dev rows from the rest, nothing lost or shared. */
class SplitsTest {
    private static Dataset numbered(int n) {
        byte[] px = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            px[2 * i] = (byte) (i / 256);
            px[2 * i + 1] = (byte) i;
        }
        return new Dataset(px, new int[n], n, 1, 2, 2, "rows");
    }

    private static Set<Integer> rows(Dataset d) {
        Set<Integer> r = new HashSet<>();
        for (int i = 0; i < d.count(); i++) {
            r.add(d.pixel(i, 0) * 256 + d.pixel(i, 1));
        }
        return r;
    }

    @Test
    void testRowsComeOutFirstWithTheTestSeedThenDevRowsWithTheSplitSeed() {
        Dataset all = numbered(300);
        Splits s = Splits.of(all, 50, 30, 9);
        Split outer = Split.of(all, 30, Seeds.test(9));
        Split inner = Split.of(outer.train(), 50, Seeds.split(9));
        assertThat(rows(s.test())).isEqualTo(rows(outer.dev()));
        assertThat(rows(s.dev())).isEqualTo(rows(inner.dev()));
        assertThat(rows(s.train())).isEqualTo(rows(inner.train()));
        Set<Integer> union = new HashSet<>(rows(s.train()));
        union.addAll(rows(s.dev()));
        union.addAll(rows(s.test()));
        assertThat(union).hasSize(300);
        assertThat(s.test().count() + s.dev().count() + s.train().count()).isEqualTo(300);
    }

    @Test
    void theTestRowsDoNotDependOnHowManyDevRowsAreAsked() {
        Dataset all = numbered(200);
        assertThat(rows(Splits.of(all, 10, 25, 4).test())).isEqualTo(rows(Splits.of(all, 70, 25, 4).test()));
    }

    @Test
    void withoutTestRowsTheDevSplitIsTheSplitSeedsAndTheTestSetIsEmpty() {
        Dataset all = numbered(120);
        Splits s = Splits.of(all, 20, 0, 3);
        assertThat(s.test().count()).isZero();
        assertThat(s.test().source()).isEqualTo("rows (test)");
        assertThat(rows(s.dev())).isEqualTo(rows(Split.of(all, 20, Seeds.split(3)).dev()));
        Splits one = Splits.of(all, 20, 1, 3);
        assertThat(one.test().count()).isEqualTo(1);
        assertThat(rows(one.test())).isEqualTo(rows(Split.of(all, 1, Seeds.test(3)).dev()));
    }
}
