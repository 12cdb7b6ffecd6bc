package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {

    /** A (rows, h*w) batch with a bright square in the middle of each image. */
    static Tensor squares(int rows, int h, int w) {
        Tensor t = new Tensor(rows, h * w);
        for (int r = 0; r < rows; r++) {
            for (int i = h / 3; i < h - h / 3; i++) {
                for (int j = w / 3; j < w - w / 3; j++) {
                    t.set(r, i * w + j, 1f);
                }
            }
        }
        return t;
    }

    @Test
    void noDistortionIsTheIdentity() {
        Tensor x = squares(3, 12, 9), before = x.copy();
        new Augmenter(12, 9, new Augmenter.Settings(0, 0, 0, 0)).apply(x, new Random(1));
        assertThat(x.data).containsExactly(before.data);
    }

    @Test
    void distortsEachImageDifferentlyAndKeepsTheInkRoughly() {
        Tensor x = squares(4, 28, 28), before = x.copy();
        new Augmenter(28, 28, Augmenter.Settings.standard()).apply(x, new Random(2));
        double in = sum(before, 0), changed = 0;
        for (int r = 0; r < 4; r++) {
            assertThat(sum(x, r)).isCloseTo(in, within(in * 0.35));
            for (int k = 0; k < 784; k++) {
                changed += Math.abs(x.get(r, k) - before.get(r, k));
            }
        }
        assertThat(changed).isGreaterThan(10);
        assertThat(java.util.Arrays.copyOfRange(x.data, 0, 784)).isNotEqualTo(java.util.Arrays.copyOfRange(x.data, 784, 1568));
    }

    @Test
    void theSameSeedGivesTheSameImagesForAnySize() {
        for (int[] hw : new int[][] {{14, 14}, {10, 30}, {28, 28}}) {
            Tensor a = squares(2, hw[0], hw[1]), b = squares(2, hw[0], hw[1]);
            Augmenter aug = new Augmenter(hw[0], hw[1], Augmenter.Settings.standard());
            aug.apply(a, new Random(5));
            aug.apply(b, new Random(5));
            assertThat(a.data).containsExactly(b.data);
        }
    }

    @Test
    void aShiftOnlyMovesTheSquareWithoutLosingIt() {
        Tensor x = squares(1, 30, 30);
        new Augmenter(30, 30, new Augmenter.Settings(0.1, 0, 0, 0)).apply(x, new Random(3));
        assertThat(sum(x, 0)).isCloseTo(100, within(1e-3));  // 10x10 square, shifted by < 3 px inside the image
    }

    static double sum(Tensor t, int row) {
        double s = 0;
        for (int k = 0; k < t.cols; k++) {
            s += t.get(row, k);
        }
        return s;
    }
}
