package digitnet.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The tensor's shape rules: rows in use within a fixed backing array, copies, and reuse by ensure. */
class TensorTest {
    @Test
    void shapesAreCheckedAgainstTheBackingArray() {
        assertThatThrownBy(() -> new Tensor(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tensor(2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Tensor(0, 3).capacityRows()).isEqualTo(1);   // an empty batch still has one row of room
        assertThat(new Tensor(0, 3).data).hasSize(3 + Tensor.SLACK);
        assertThat(new Tensor(0, 3).size()).isZero();
        assertThatCode(() -> new Tensor(2, 3, new float[6])).doesNotThrowAnyException();
        assertThat(new Tensor(0, 3, new float[3]).size()).isZero();      // an empty batch may wrap an array too
        assertThatThrownBy(() -> new Tensor(2, 3, new float[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("for 5 floats");
        assertThatThrownBy(() -> new Tensor(-1, 3, new float[6])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tensor(1, 0, new float[6])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAllocatedTensorLetsAWholeVectorBeLoadedAtTheEndOfItsLastRowAndAWrappedArrayMayNot() {
        Tensor t = new Tensor(3, 10);
        assertThat(t.data.length).isEqualTo(30 + Tensor.SLACK);
        assertThat(t.readableBy(16)).isTrue();
        assertThat(t.readableBy(Tensor.SLACK)).isTrue();
        assertThat(t.readableBy(Tensor.SLACK + 1)).isFalse();
        assertThat(t.setRows(2).readableBy(Tensor.SLACK + 10)).isTrue();     // the unused row counts as room
        assertThat(new Tensor(3, 10, new float[30]).readableBy(1)).isFalse();
        assertThat(new Tensor(3, 10, new float[31]).readableBy(1)).isTrue();
        assertThat(new Tensor(3, 10, new float[31]).readableBy(2)).isFalse();
    }

    @Test
    void setRowsUsesUpToTheCapacity() {
        Tensor t = new Tensor(4, 3);
        assertThat(t.capacityRows()).isEqualTo(4);
        assertThat(t.setRows(4).rows()).isEqualTo(4);
        assertThat(t.setRows(0).size()).isZero();
        assertThatThrownBy(() -> t.setRows(5)).hasMessageContaining("rows 5 exceed capacity 4");
        assertThatThrownBy(() -> t.setRows(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Tensor(2, 3, new float[7]).capacityRows()).isEqualTo(2);
    }

    @Test
    void elementsAreRowMajorAndFillCopyAndCopyFromCoverTheRowsInUseOnly() {
        Tensor t = new Tensor(3, 2);
        t.set(1, 0, 5f);
        assertThat(t.data[2]).isEqualTo(5f);
        assertThat(t.get(1, 0)).isEqualTo(5f);
        t.setRows(2).fill(1f);
        assertThat(java.util.Arrays.copyOf(t.data, 6)).containsExactly(1, 1, 1, 1, 0, 0);
        Tensor c = t.copy();
        assertThat(c.rows()).isEqualTo(2);
        assertThat(c.data).startsWith(1, 1, 1, 1);
        c.set(0, 0, 9f);
        assertThat(t.get(0, 0)).isEqualTo(1f);
        Tensor d = new Tensor(2, 2);
        d.copyFrom(c);
        assertThat(java.util.Arrays.copyOf(d.data, 4)).containsExactly(9, 1, 1, 1);
        assertThatThrownBy(() -> d.copyFrom(new Tensor(2, 3))).hasMessageContaining("does not match (2, 2)");
        assertThatThrownBy(() -> d.copyFrom(new Tensor(1, 2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(d).hasToString("Tensor(2, 2)");
    }

    @Test
    void ensureReusesATensorWithTheColumnsAndRoomAndReplacesAnyOther() {
        Tensor t = new Tensor(8, 3);
        assertThat(Tensor.ensure(t, 8, 3)).isSameAs(t);
        assertThat(Tensor.ensure(t, 5, 3)).isSameAs(t);
        assertThat(t.rows()).isEqualTo(5);
        Tensor bigger = Tensor.ensure(t, 9, 3);
        assertThat(bigger).isNotSameAs(t);
        assertThat(bigger.rows()).isEqualTo(9);
        assertThat(Tensor.ensure(t, 2, 4)).isNotSameAs(t);
        assertThat(Tensor.ensure(null, 2, 4).cols).isEqualTo(4);
    }
}
