package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Test-time views: each view is the image moved by a step right, left, down or up with its edge
 * pixels repeated, and a predictor with views gives each image the mean of the five views'
 * probabilities (computed here view by view with a plain predictor on moved copies of the bytes).
 */
class ShiftedViewsTest {
    // (down, right) of views 0..4, in steps: as it is, right, left, down, up
    private static final int[][] MOVES = {{0, 0}, {0, 1}, {0, -1}, {1, 0}, {-1, 0}};

    @Test
    void eachViewMovesThePixelsByAStepAndRepeatsTheEdge() {
        int channels = 2, height = 13, width = 40, rows = 3, size = channels * height * width;
        Tensor src = new Tensor(rows, size), dst = new Tensor(rows, size);
        Random r = new Random(5);
        for (int i = 0; i < rows * size; i++) {
            src.data[i] = r.nextFloat();
        }
        assertThat(ShiftedViews.step(height)).isEqualTo(1);     // 0.52 rounds to 0: at least a pixel
        assertThat(ShiftedViews.step(width)).isEqualTo(2);      // 4% of 40
        for (int v = 0; v < ShiftedViews.VIEWS; v++) {
            ShiftedViews.view(src, dst, rows, channels, height, width, v);
            int down = MOVES[v][0], right = 2 * MOVES[v][1];
            for (int n = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            int sy = Math.min(height - 1, Math.max(0, y - down)), sx = Math.min(width - 1, Math.max(0, x - right));
                            assertThat(dst.data[n * size + (c * height + y) * width + x]).as("view %d (%d, %d, %d, %d)", v, n, c, y, x)
                                    .isEqualTo(src.data[n * size + (c * height + sy) * width + sx]);
                        }
                    }
                }
            }
        }
        // a pixel at (y 5, x 10) is at x 12 in the view moved right, at x 8 moved left, at y 6 moved down
        ShiftedViews.view(src, dst, rows, channels, height, width, 1);
        assertThat(dst.data[5 * width + 12]).isEqualTo(src.data[5 * width + 10]);
        ShiftedViews.view(src, dst, rows, channels, height, width, 2);
        assertThat(dst.data[5 * width + 8]).isEqualTo(src.data[5 * width + 10]);
        ShiftedViews.view(src, dst, rows, channels, height, width, 3);
        assertThat(dst.data[6 * width + 10]).isEqualTo(src.data[5 * width + 10]);
    }

    @Test
    void aPredictorWithViewsGivesTheMeanOfTheViewsProbabilities() {
        int side = 12, f = side * side, k = 10, count = Predictor.CHUNK + 37;
        Random r = new Random(21);
        byte[] pixels = new byte[count * f];
        r.nextBytes(pixels);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = r.nextInt(k);
        }
        Dataset set = new Dataset(pixels, labels, count, side, side, k, "random");
        Network net = Network.initialised(Architecture.of(LayerList.of(Shape.image(side, side),
                LayerListSyntax.parse("conv:4:3,relu,maxpool:2,flatten,linear:16,relu,linear:10"), k)), Init.HE, 3);

        float[] expected = new float[count * k];
        for (int v = 0; v < ShiftedViews.VIEWS; v++) {
            float[] probs = new float[count * k];
            new Predictor(net).predict(moved(set, MOVES[v][0], MOVES[v][1]), new int[count], probs);
            for (int i = 0; i < count * k; i++) {
                expected[i] += probs[i] / ShiftedViews.VIEWS;
            }
        }
        int[] predicted = new int[count];
        float[] probs = new float[count * k];
        double loss = new Predictor(net, true).predict(set, predicted, probs);
        Predictor.Score score = new Predictor(net, true).score(set);
        Predictor.Score plain = new Predictor(net).score(set);

        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < count; i++) {
            int best = 0;
            for (int c = 0; c < k; c++) {
                assertThat(probs[i * k + c]).as("image %d, class %d", i, c).isCloseTo(expected[i * k + c], within(1e-6f));
                best = probs[i * k + c] > probs[i * k + best] ? c : best;
            }
            assertThat(predicted[i]).isEqualTo(best);
            lossSum -= Math.log(probs[i * k + labels[i]]);
            correct += best == labels[i] ? 1 : 0;
        }
        assertThat(loss).isCloseTo(lossSum / count, within(1e-9));
        assertThat(score.loss()).isCloseTo(lossSum / count, within(1e-9));
        assertThat(score.accuracy()).isEqualTo((double) correct / count);
        assertThat(score.loss()).isNotCloseTo(plain.loss(), within(1e-4));     // the views were used
    }

    @Test
    void imagesUnderTwelvePixelsASideAreRefusedNamingTheSet() {
        Dataset small = new Dataset(new byte[2 * 64], new int[] {1, 2}, 2, 8, 8, 10, "small.csv");
        Network net = Network.initialised(Architecture.of(64, List.of(8), 10), Init.HE, 1);
        assertThat(new Predictor(net).score(small).count()).isEqualTo(2);
        assertThatThrownBy(() -> new Predictor(net, true).score(small)).isInstanceOf(InputException.class)
                .hasMessage("small.csv: test-time views need images of at least 12x12, these are 8x8");
    }

    // the set with each image moved by (down, right) steps of one pixel (sides of 12: a step is a pixel)
    private static Dataset moved(Dataset d, int down, int right) {
        int h = d.height(), w = d.width(), f = h * w;
        byte[] out = new byte[d.count() * f];
        for (int n = 0; n < d.count(); n++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = Math.min(h - 1, Math.max(0, y - down)), sx = Math.min(w - 1, Math.max(0, x - right));
                    out[n * f + y * w + x] = d.pixels()[n * f + sy * w + sx];
                }
            }
        }
        return new Dataset(out, d.labels(), d.count(), h, w, d.classes(), d.source());
    }
}
