package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A shape's sides and element count, checked at each edge of what it accepts. */
class ShapeTest {

    @Test
    void eachSideMustBeAtLeastOne() {
        assertThat(Shape.of(1, 1, 1).size()).isEqualTo(1);
        assertThatThrownBy(() -> Shape.of(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shape.of(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shape.of(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shape.of(-3, 4, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theElementCountMayReachTheLimitButNotPassIt() {
        // 2^26 = MAX_SIZE, reached by three different splits of the sides
        assertThat(Shape.of(1 << 10, 1 << 8, 1 << 8).size()).isEqualTo(Shape.MAX_SIZE);
        assertThat(Shape.of(1, 1 << 13, 1 << 13).size()).isEqualTo(Shape.MAX_SIZE);
        assertThat(Shape.flat(Shape.MAX_SIZE).size()).isEqualTo(Shape.MAX_SIZE);
        // one element more, or twice as many, is refused whichever side carries it
        assertThatThrownBy(() -> Shape.flat(Shape.MAX_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + Shape.MAX_SIZE);
        assertThatThrownBy(() -> Shape.of(1 << 13, 1 << 13, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shape.of(2, 1 << 13, 1 << 13)).isInstanceOf(IllegalArgumentException.class);
        // a product that overflows an int is still refused
        assertThatThrownBy(() -> Shape.of(1 << 16, 1 << 16, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shape.of(1 << 16, 1 << 8, 1 << 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sizeAreaAndFlatnessFollowTheSides() {
        Shape s = Shape.of(3, 5, 7);
        assertThat(s.size()).isEqualTo(105);
        assertThat(s.area()).isEqualTo(35);
        assertThat(s.isFlat()).isFalse();
        assertThat(Shape.flat(12)).isEqualTo(Shape.of(12, 1, 1));
        assertThat(Shape.flat(12).isFlat()).isTrue();
        assertThat(Shape.of(1, 1, 4).isFlat()).isFalse();
        assertThat(Shape.of(1, 4, 1).isFlat()).isFalse();
        assertThat(Shape.image(28, 20)).isEqualTo(Shape.of(1, 28, 20));
        assertThat(s).hasToString("3x5x7");
    }
}
