package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DropoutTest {

    static Tensor randomTensor(int rows, int cols, long seed) {
        Random r = new Random(seed);
        Tensor t = new Tensor(rows, cols);
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = (float) r.nextGaussian();
        }
        return t;
    }

    @Test
    void trainingKeepsAboutOneMinusPAndScalesTheKeptUnits() {
        Dropout d = new Dropout(100, 0.25);
        d.setNoise(new Random(1));
        Tensor x = randomTensor(50, 100, 2);
        Tensor y = d.forward(x, true);
        int kept = 0;
        for (int i = 0; i < x.size(); i++) {
            if (y.data[i] != 0f) {
                kept++;
                assertThat(y.data[i]).isEqualTo(x.data[i] * (1f / 0.75f));
            }
        }
        assertThat(kept / 5000.0).isCloseTo(0.75, within(0.03));
    }

    @Test
    void inferenceIsTheIdentity() {
        Dropout d = new Dropout(10, 0.5);
        Tensor x = randomTensor(4, 10, 3);
        Tensor y = d.forward(x, false);
        assertThat(y.data).startsWith(java.util.Arrays.copyOf(x.data, x.size()));
        assertThat(d.backward(x)).isSameAs(x);
    }

    @Test
    void sameSeedGivesTheSameMask() {
        Dropout a = new Dropout(20, 0.5), b = new Dropout(20, 0.5);
        a.setNoise(new Random(9));
        b.setNoise(new Random(9));
        Tensor x = randomTensor(3, 20, 4);
        a.forward(x, true);
        b.forward(x, true);
        assertThat(a.mask().data).containsExactly(b.mask().data);
    }

    /** Finite differences of L = sum(c * dropout(x)) with the mask held fixed, against backward. */
    @Test
    void backwardMatchesFiniteDifferencesWithAFixedMask() {
        Dropout d = new Dropout(7, 0.4);
        d.setNoise(new Random(5));
        Tensor x = randomTensor(3, 7, 6), c = randomTensor(3, 7, 7);
        d.forward(x, true);
        Tensor dX = d.backward(c).copy();      // dL/dy = c
        double h = 1e-2;
        for (int i = 0; i < x.size(); i++) {
            float saved = x.data[i];
            x.data[i] = (float) (saved + h);
            double plus = dot(c, d.forwardSameMask(x));
            x.data[i] = (float) (saved - h);
            double minus = dot(c, d.forwardSameMask(x));
            x.data[i] = saved;
            assertThat((double) dX.data[i]).isCloseTo((plus - minus) / (2 * h), within(1e-3));
        }
    }

    @Test
    void networkNamesIgnoreDropoutLayers() {
        Architecture a = Architecture.of(4, java.util.List.of(3, 3), 2);
        assertThat(Network.create(a, 0.5).parameters()).extracting(Parameter::name)
                .containsExactlyElementsOf(Network.create(a).parameters().stream().map(Parameter::name).toList());
        assertThat(Network.create(a, 0.5).layers()).hasSize(7);
    }

    static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += (double) a.data[i] * b.data[i];
        }
        return s;
    }
}
