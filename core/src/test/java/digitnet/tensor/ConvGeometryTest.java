package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A convolution's geometry, checked at each edge of what it accepts, and its output size by PyTorch's formula. */
class ConvGeometryTest {

    @Test
    void theSmallestGeometryOfEachKindIsAccepted() {
        ConvGeometry g = new ConvGeometry(1, 1, 1, 1, 1, 0);
        assertThat(g.outHeight()).isEqualTo(1);
        assertThat(g.outWidth()).isEqualTo(1);
    }

    @Test
    void everySideKernelAndStrideMustBePositiveAndThePaddingNotNegative() {
        assertThatThrownBy(() -> new ConvGeometry(0, 5, 5, 3, 1, 0)).hasMessageStartingWith("bad convolution geometry");
        assertThatThrownBy(() -> new ConvGeometry(1, 0, 5, 3, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConvGeometry(1, 5, 0, 3, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConvGeometry(1, 5, 5, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConvGeometry(1, 5, 5, 3, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConvGeometry(1, 5, 5, 3, 1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKernelMayCoverThePaddedImageExactlyButNotOverhangIt() {
        // 4 x 6 padded by 1 is 6 x 8: a kernel of 6 fits the height once, 7 overhangs it
        ConvGeometry tall = new ConvGeometry(2, 4, 6, 6, 1, 1);
        assertThat(tall.outHeight()).isEqualTo(1);
        assertThat(tall.outWidth()).isEqualTo(3);
        assertThatThrownBy(() -> new ConvGeometry(2, 4, 6, 7, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        // and the width: 6 x 4 padded by 1 is 8 x 6
        ConvGeometry wide = new ConvGeometry(2, 6, 4, 6, 1, 1);
        assertThat(wide.outWidth()).isEqualTo(1);
        assertThat(wide.outHeight()).isEqualTo(3);
        assertThatThrownBy(() -> new ConvGeometry(2, 6, 4, 7, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOutputSizeIsPyTorchsFloorFormula() {
        // floor((size + 2 padding - kernel) / stride) + 1
        for (int size = 3; size <= 12; size++) {
            for (int stride = 1; stride <= 3; stride++) {
                ConvGeometry g = new ConvGeometry(1, size, size + 1, 3, stride, 1);
                assertThat(g.outHeight()).isEqualTo(Math.floorDiv(size + 2 - 3, stride) + 1);
                assertThat(g.outWidth()).isEqualTo(Math.floorDiv(size + 1 + 2 - 3, stride) + 1);
            }
        }
    }
}
