package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ReLU against the plain definition, max(0, x) and its derivative 1 where x > 0, at zero included. */
class ReluTest {
    @Test
    void forwardIsMaxOfZeroAndXAndBackwardPassesGradientsOnlyWherePositive() {
        int batch = 5, n = 37;                    // 37: not a multiple of any vector width
        Random random = new Random(4);
        Tensor x = new Tensor(batch, n), dY = new Tensor(batch, n);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = i % 7 == 0 ? 0f : (float) random.nextGaussian();
            dY.data[i] = (float) random.nextGaussian();
        }
        Relu relu = new Relu(n);
        Tensor y = relu.forward(x, true);
        Tensor dX = relu.backward(dY);
        assertThat(y.rows()).isEqualTo(batch);
        assertThat(dX.rows()).isEqualTo(batch);
        for (int i = 0; i < x.size(); i++) {
            float expectedY = x.data[i] > 0 ? x.data[i] : 0f;
            float expectedDx = x.data[i] > 0 ? dY.data[i] : 0f;
            assertThat(y.data[i]).as("y[%d] of x %f", i, x.data[i]).isEqualTo(expectedY);
            assertThat(dX.data[i]).as("dX[%d] of x %f", i, x.data[i]).isEqualTo(expectedDx);
        }
    }

    @Test
    void aSmallerBatchAfterALargerOneIsComputedOnItsOwnRows() {
        Relu relu = new Relu(3);
        relu.forward(new Tensor(4, 3, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), true);
        Tensor y = relu.forward(new Tensor(1, 3, new float[] {-1, 2, -3}), true);
        assertThat(y.rows()).isEqualTo(1);
        assertThat(new float[] {y.get(0, 0), y.get(0, 1), y.get(0, 2)}).containsExactly(0f, 2f, 0f);
        Tensor dX = relu.backward(new Tensor(1, 3, new float[] {5, 6, 7}));
        assertThat(dX.rows()).isEqualTo(1);
        assertThat(new float[] {dX.get(0, 0), dX.get(0, 1), dX.get(0, 2)}).containsExactly(0f, 6f, 0f);
    }

    @Test
    void itKeepsTheShapeItIsGivenAndNamesItself() {
        Shape maps = Shape.of(4, 5, 6);
        Relu relu = new Relu(maps);
        assertThat(relu.inputShape()).isEqualTo(maps);
        assertThat(relu.outputShape()).isEqualTo(maps);
        assertThat(new Relu(10).outputShape()).isEqualTo(Shape.flat(10));
        assertThat(relu.kind()).isEqualTo("relu");
        assertThat(relu.parameters()).isEmpty();
        Tensor y = relu.forward(new Tensor(2, maps.size()), false);
        assertThat(y.cols).isEqualTo(120);
    }
}
