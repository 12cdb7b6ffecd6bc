package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A batch is distorted in parallel, each row from its own seed: the same bits at any thread count. */
class AugmenterThreadsTest {
    @AfterEach
    void restore() {
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    static float[] distorted(int threads, int channels, long seed) {
        Parallel.setThreads(threads);
        Random r = new Random(5);
        Tensor x = new Tensor(67, channels * 20 * 24);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = r.nextFloat();
        }
        new Augmenter(channels, 20, 24, Augmenter.Settings.standard()).apply(x, new Random(seed));
        return x.data;
    }

    @Test
    void oneTwoAndFourThreadsGiveTheSameBatch() {
        for (int channels : new int[] {1, 3}) {
            float[] one = distorted(1, channels, 11);
            assertThat(distorted(2, channels, 11)).isEqualTo(one);
            assertThat(distorted(4, channels, 11)).isEqualTo(one);
            assertThat(distorted(2, channels, 12)).isNotEqualTo(one);
        }
    }

    @Test
    void eachRowDependsOnlyOnItsSeedNotOnTheRowsBeforeIt() {
        // the caller's generator gives one seed per row, in order: a batch's first rows are distorted
        // the same as the same rows alone (their seeds are the same first draws)
        Random r = new Random(5);
        Tensor all = new Tensor(40, 400), first = new Tensor(10, 400);
        for (int i = 0; i < all.data.length; i++) {
            all.data[i] = r.nextFloat();
        }
        System.arraycopy(all.data, 0, first.data, 0, 10 * 400);
        Augmenter a = new Augmenter(20, 20, Augmenter.Settings.standard());
        a.apply(all, new Random(3));
        a.apply(first, new Random(3));
        for (int i = 0; i < 10 * 400; i++) {
            assertThat(all.data[i]).isEqualTo(first.data[i]);
        }
    }
}
