package digitnet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FixturesTest {

    @Test
    void aSampleIsTheFirstRowsOfTheWholeEmbeddedSample() {
        Dataset whole = DataLoader.embeddedSample();
        for (int n : new int[] {1, 37, 400}) {
            Dataset first = whole.subset(IntStream.range(0, n).toArray(), "sample");
            Dataset read = Fixtures.sample(n);
            assertThat(read.count()).isEqualTo(n);
            assertThat(read.height()).isEqualTo(28);
            assertThat(read.width()).isEqualTo(28);
            assertThat(read.classes()).isEqualTo(10);
            assertThat(read.pixels()).isEqualTo(first.pixels());
            assertThat(read.labels()).isEqualTo(first.labels());
        }
        assertThatThrownBy(() -> Fixtures.sample(whole.count() + 1)).hasMessageContaining("fewer than");
    }
}
