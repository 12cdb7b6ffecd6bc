package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Dataset;
import digitnet.testing.Fixtures;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A set longer than one chunk, ending in a partial chunk, is predicted and scored image by image:
 * each image alone gives the same class and probabilities, and the set's loss and accuracy are the
 * means of the images' own.
 */
class PredictorChunksTest {

    @Test
    void aSetOfOneChunkAndAPartOneIsPredictedAsEachImageAlone() {
        int count = Predictor.CHUNK + 37, k = 10;
        Random r = new Random(11);
        byte[] pixels = new byte[count * 4];
        r.nextBytes(pixels);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = r.nextInt(k);
        }
        Dataset set = new Dataset(pixels, labels, count, 2, 2, k, "random");
        Network net = Fixtures.tinyNetwork(5);

        int[] predicted = new int[count];
        float[] probs = new float[count * k];
        double meanLoss = new Predictor(net).predict(set, predicted, probs);
        Predictor.Score score = new Predictor(net).score(set);

        double lossSum = 0;
        int correct = 0;
        for (int i : new int[] {0, 1, 999, 1000, 1001, count - 1}) {
            Dataset one = set.subset(new int[] {i}, "one");
            int[] p1 = new int[1];
            float[] probs1 = new float[k];
            new Predictor(net).predict(one, p1, probs1);
            assertThat(predicted[i]).as("image %d", i).isEqualTo(p1[0]);
            for (int c = 0; c < k; c++) {
                assertThat(probs[i * k + c]).as("image %d, class %d", i, c).isEqualTo(probs1[c]);
            }
        }
        Predictor single = new Predictor(net);
        for (int i = 0; i < count; i++) {
            Predictor.Score alone = single.score(set.subset(new int[] {i}, "one"));
            lossSum += alone.loss();
            correct += alone.accuracy() == 1.0 ? 1 : 0;
        }
        assertThat(score.count()).isEqualTo(count);
        assertThat(score.loss()).isCloseTo(lossSum / count, within(1e-5));
        assertThat(meanLoss).isCloseTo(lossSum / count, within(1e-5));
        assertThat(score.accuracy()).isEqualTo((double) correct / count);
    }
}
