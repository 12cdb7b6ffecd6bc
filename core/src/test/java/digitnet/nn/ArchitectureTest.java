package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The perceptron form's limits at both ends of each range, its names, and the layer-list form. */
class ArchitectureTest {
    private static final int MAX = Architecture.MAX_UNITS;

    private static void refused(int inputs, List<Integer> hidden, int classes, String field) {
        assertThatThrownBy(() -> Architecture.of(inputs, hidden, classes))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Architecture." + field);
    }

    @Test
    void inputsRunFromOneToSixteenTimesTheUnitLimit() {
        refused(0, List.of(), 10, "inputs");
        refused(-1, List.of(), 10, "inputs");
        refused(MAX * 16 + 1, List.of(), 10, "inputs");
        assertThat(Architecture.of(1, List.of(), 10).inputs()).isEqualTo(1);
        assertThat(Architecture.of(MAX * 16, List.of(), 10).inputs()).isEqualTo(MAX * 16);
    }

    @Test
    void classesRunFromTwoToTheUnitLimit() {
        refused(784, List.of(), 1, "classes");
        refused(784, List.of(), MAX + 1, "classes");
        assertThat(Architecture.of(784, List.of(), 2).classes()).isEqualTo(2);
        assertThat(Architecture.of(784, List.of(), MAX).classes()).isEqualTo(MAX);
    }

    @Test
    void hiddenSizesRunFromOneToTheUnitLimit() {
        refused(784, List.of(10, 0), 10, "hidden");
        refused(784, List.of(MAX + 1), 10, "hidden");
        assertThatCode(() -> Architecture.of(784, List.of(1, MAX), 10)).doesNotThrowAnyException();
    }

    @Test
    void hiddenSizesAreCopiedNotShared() {
        List<Integer> hidden = new ArrayList<>(List.of(128, 64));
        Architecture a = Architecture.of(784, hidden, 10);
        hidden.add(32);
        assertThat(a.hidden()).containsExactly(128, 64);
    }

    @Test
    void aPerceptronListsItsWidthsAndNamesThemWithDashes() {
        Architecture notebook = Architecture.of(784, List.of(10), 10);
        assertThat(notebook.sizes()).containsExactly(784, 10, 10);
        assertThat(notebook).hasToString("784-10-10");
        assertThat(Architecture.of(4, List.of(), 3)).hasToString("4-3");
        assertThat(notebook.isLayerList()).isFalse();
        assertThat(notebook.layers()).isNull();
    }

    @Test
    void aLayerListTakesItsInputsAndClassesFromTheList() {
        LayerList list = LayerList.of(Shape.image(8, 8), LayerListSyntax.parse("conv:4:3,relu,maxpool:2,flatten,linear:10"), 10);
        Architecture a = Architecture.of(list);
        assertThat(a.isLayerList()).isTrue();
        assertThat(a.inputs()).isEqualTo(64);
        assertThat(a.classes()).isEqualTo(10);
        assertThat(a.hidden()).isEmpty();
        assertThat(a.sizes()).containsExactly(64, 10);
        assertThat(a).hasToString(list.toString());
    }

    @Test
    void aLayerListWithOtherInputsClassesOrHiddenSizesIsRefused() {
        LayerList list = LayerList.of(Shape.image(8, 8), LayerListSyntax.parse("flatten,linear:10"), 10);
        assertThatThrownBy(() -> new Architecture(64, List.of(5), 10, list)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Architecture(63, List.of(), 10, list)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Architecture(64, List.of(), 9, list)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> new Architecture(64, List.of(), 10, list)).doesNotThrowAnyException();
    }
}
