package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a layer list says about its network before the network exists, against the network built
 * from it: the floats of its weights and buffers, and each item's output shape.
 */
class LayerListStateTest {
    private static final String[] LISTS = {
        "conv:8:3,relu,maxpool:2,conv:4:3:1:1,batchnorm,relu,avgpool:2,flatten,dropout:0.25,linear:16,relu,linear:10",
        "flatten,linear:32,batchnorm,relu,linear:10",
        "conv:3:5:2:2,relu,flatten,linear:10",
    };

    private static LayerList list(String items) {
        return LayerList.of(Shape.image(12, 12), LayerListSyntax.parse(items), 10);
    }

    @Test
    void stateFloatsCountsEveryWeightBiasAndBufferOfTheBuiltNetwork() {
        for (String items : LISTS) {
            LayerList l = list(items);
            Network n = Network.create(l);
            long floats = 0;
            for (Parameter p : n.parameters()) {
                floats += p.value().size();
            }
            for (Buffer b : n.buffers()) {
                floats += b.value().size();
            }
            assertThat(l.stateFloats()).as(items).isEqualTo(floats);
        }
    }

    @Test
    void shapesAreTheOutputShapesOfTheBuiltLayers() {
        for (String items : LISTS) {
            LayerList l = list(items);
            List<Shape> built = new ArrayList<>();
            for (Layer layer : Network.create(l).layers()) {
                built.add(layer.outputShape());
            }
            assertThat(l.shapes()).as(items).hasSize(l.items().size());
            assertThat(l.shapes().get(l.shapes().size() - 1)).isEqualTo(Shape.flat(10));
            assertThat(built.get(built.size() - 1).size()).isEqualTo(10);
            for (int i = 0; i < built.size(); i++) {
                assertThat(built.get(i).size()).as("%s item %d", items, i + 1).isEqualTo(l.shapes().get(i).size());
            }
        }
        assertThat(list("conv:8:3,relu,maxpool:2,flatten,linear:10").shapes())
                .containsExactly(Shape.of(8, 10, 10), Shape.of(8, 10, 10), Shape.of(8, 5, 5), Shape.flat(200), Shape.flat(10));
    }

    @Test
    void classesRunFromTwoToTheUnitLimit() {
        assertThatThrownBy(() -> LayerList.of(Shape.image(2, 2), LayerListSyntax.parse("flatten,linear:1"), 1))
                .hasMessageContaining("classes must be 2..");
        int max = Architecture.MAX_UNITS;
        assertThatCode(() -> LayerList.of(Shape.image(1, 1), LayerListSyntax.parse("flatten,linear:" + max), max))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> LayerList.of(Shape.image(1, 1), LayerListSyntax.parse("flatten,linear:10"), max + 1))
                .hasMessageContaining("classes must be 2..");
        assertThatCode(() -> LayerList.of(Shape.image(2, 2), LayerListSyntax.parse("flatten,linear:2"), 2)).doesNotThrowAnyException();
    }

    @Test
    void aWrongLastItemIsNamedWithTheShapeItReceives() {
        assertThatThrownBy(() -> list("conv:8:3,relu,flatten,linear:9"))
                .isInstanceOf(LayerList.InvalidLayerException.class)
                .hasMessageContaining("layer 4 of 4 'linear:9' (input 800x1x1)")
                .hasMessageContaining("gives 9x1x1");
        LayerList.InvalidLayerException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                LayerList.InvalidLayerException.class, () -> list("conv:8:3,relu,flatten,linear:9"));
        assertThat(e.position()).isEqualTo(4);
        assertThat(e.item()).isEqualTo("linear:9");
    }

    @Test
    void tokensAndToStringSpellTheListInItsSyntax() {
        LayerList l = list("conv:8:3,relu,flatten,linear:10");
        assertThat(l.tokens()).isEqualTo("conv:8:3,relu,flatten,linear:10");
        assertThat(l).hasToString("1x12x12: conv:8:3,relu,flatten,linear:10");
    }
}
