package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The image layers' sizes at the edges of what they accept, and where a perceptron puts its dropout. */
class LayerBoundsTest {

    @Test
    void aConvolutionNeedsAtLeastOneOutputChannel() {
        Conv2d one = new Conv2d(Shape.of(2, 5, 5), 1, 3, 1, 0, true);
        assertThat(one.outputShape()).isEqualTo(Shape.of(1, 3, 3));
        assertThatThrownBy(() -> new Conv2d(Shape.of(2, 5, 5), 0, 3, 1, 0, true))
                .hasMessage("conv output channels must be positive, got 0");
    }

    @Test
    void aPoolingWindowMayCoverTheWholeImageButNotMore() {
        Shape in = Shape.of(3, 4, 6);
        assertThat(new MaxPool2d(in, 4).outputShape()).isEqualTo(Shape.of(3, 1, 1));
        assertThat(new AvgPool2d(in, 4).outputShape()).isEqualTo(Shape.of(3, 1, 1));
        for (int kernel : new int[] {0, 5}) {
            assertThatThrownBy(() -> new MaxPool2d(in, kernel)).hasMessageContaining("does not fit input");
            assertThatThrownBy(() -> new AvgPool2d(in, kernel)).hasMessageContaining("does not fit input");
        }
        // the width is checked too: 6 x 4 images
        Shape wide = Shape.of(3, 6, 4);
        assertThat(new MaxPool2d(wide, 4).outputShape()).isEqualTo(Shape.of(3, 1, 1));
        assertThatThrownBy(() -> new MaxPool2d(wide, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AvgPool2d(wide, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPerceptronHasDropoutAfterEachHiddenReluOnlyWhenAskedFor() {
        Architecture a = Architecture.of(6, List.of(5, 4), 3);
        assertThat(Network.create(a, 0).layers()).extracting(l -> l.getClass().getSimpleName())
                .containsExactly("Dense", "Relu", "Dense", "Relu", "Dense");
        assertThat(Network.create(a, 0.25).layers()).extracting(l -> l.getClass().getSimpleName())
                .containsExactly("Dense", "Relu", "Dropout", "Dense", "Relu", "Dropout", "Dense");
    }
}
