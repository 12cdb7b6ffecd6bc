package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each item's shape inference against PyTorch's documented formulas (Conv2d: floor((H + 2p - K) / s) + 1;
 * MaxPool2d and AvgPool2d with stride K: floor(H / K)), its limits at both ends, and its token read
 * back by the parser.
 */
class LayerSpecTest {
    private static final int MAX_KERNEL = LayerSpec.MAX_KERNEL, MAX_CHANNELS = LayerSpec.MAX_CHANNELS;

    @Test
    void convolutionShapesFollowPyTorchsFormula() {
        for (int h = 1; h <= 9; h += 2) {
            for (int k = 1; k <= 5; k++) {
                for (int s = 1; s <= 3; s++) {
                    for (int p = 0; p <= 2; p++) {
                        int w = h + 3;
                        LayerSpec conv = LayerSpec.conv(4, k, s, p);
                        Shape in = Shape.of(2, h, w);
                        if (k > h + 2 * p) {
                            assertThatThrownBy(() -> conv.output(in, false)).hasMessageContaining("is larger than its input");
                            continue;
                        }
                        assertThat(conv.output(in, false)).as("h %d k %d s %d p %d", h, k, s, p)
                                .isEqualTo(Shape.of(4, Math.floorDiv(h + 2 * p - k, s) + 1, Math.floorDiv(w + 2 * p - k, s) + 1));
                    }
                }
            }
        }
        assertThatThrownBy(() -> LayerSpec.conv(4, 4, 1, 1).output(Shape.of(1, 5, 1), false))
                .hasMessage("kernel 4x4 is larger than its input 1x5x1 (padded 7x3)");
        assertThatThrownBy(() -> LayerSpec.conv(4, 4).output(Shape.of(1, 3, 8), false))
                .hasMessage("kernel 4x4 is larger than its input 1x3x8");
        assertThatThrownBy(() -> LayerSpec.conv(4, 3).output(Shape.flat(30), true))
                .hasMessage("needs an image but its input is 30 flat features");
    }

    @Test
    void poolingShapesAreTheFloorOfSideOverKernel() {
        for (LayerSpec pool : List.of(LayerSpec.maxPool(3), LayerSpec.avgPool(3))) {
            assertThat(pool.output(Shape.of(5, 3, 11), false)).isEqualTo(Shape.of(5, 1, 3));
            assertThat(pool.output(Shape.of(5, 8, 9), false)).isEqualTo(Shape.of(5, 2, 3));
            assertThatThrownBy(() -> pool.output(Shape.of(5, 2, 9), false)).hasMessage("pooling 3x3 of its input 5x2x9 leaves nothing");
            assertThatThrownBy(() -> pool.output(Shape.of(5, 9, 2), false)).hasMessageContaining("leaves nothing");
            assertThatThrownBy(() -> pool.output(Shape.flat(81), true)).hasMessageContaining("flat features");
            assertThat(pool.flattens(false)).isFalse();
            assertThat(pool.flattens(true)).isTrue();
        }
    }

    @Test
    void shapePreservingItemsKeepTheShapeAndFlatnessAndFlattenAndLinearMakeFeatures() {
        Shape maps = Shape.of(3, 4, 5);
        for (LayerSpec same : List.of(LayerSpec.relu(), LayerSpec.batchNorm(), LayerSpec.dropout(0.5))) {
            assertThat(same.output(maps, false)).isEqualTo(maps);
            assertThat(same.flattens(false)).isFalse();
            assertThat(same.flattens(true)).isTrue();
        }
        assertThat(LayerSpec.flatten().output(maps, false)).isEqualTo(Shape.flat(60));
        assertThat(LayerSpec.flatten().flattens(false)).isTrue();
        assertThat(LayerSpec.linear(7).output(Shape.flat(60), true)).isEqualTo(Shape.flat(7));
        assertThat(LayerSpec.linear(7).flattens(false)).isTrue();
        assertThatThrownBy(() -> LayerSpec.linear(7).output(maps, false)).hasMessageContaining("put flatten before it");
    }

    @Test
    void limitsAreCheckedAtBothEnds() {
        assertThatCode(() -> LayerSpec.conv(MAX_CHANNELS, MAX_KERNEL, MAX_KERNEL, MAX_KERNEL)).doesNotThrowAnyException();
        assertThatCode(() -> LayerSpec.conv(1, 1, 1, 0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> LayerSpec.conv(MAX_CHANNELS + 1, 3)).hasMessage("output channels must be 1..65536, got 65537");
        assertThatThrownBy(() -> LayerSpec.conv(0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LayerSpec.conv(4, MAX_KERNEL + 1)).hasMessage("kernel must be 1..1024, got 1025");
        assertThatThrownBy(() -> LayerSpec.conv(4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LayerSpec.conv(4, 3, 0, 0)).hasMessage("stride must be 1..1024, got 0");
        assertThatThrownBy(() -> LayerSpec.conv(4, 3, MAX_KERNEL + 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LayerSpec.conv(4, 3, 1, -1)).hasMessage("padding must be 0..1024, got -1");
        assertThatThrownBy(() -> LayerSpec.conv(4, 3, 1, MAX_KERNEL + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LayerSpec.maxPool(0)).hasMessage("pooling size must be 1..1024, got 0");
        assertThatThrownBy(() -> LayerSpec.avgPool(MAX_KERNEL + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> LayerSpec.avgPool(MAX_KERNEL)).doesNotThrowAnyException();
        assertThatThrownBy(() -> LayerSpec.linear(Architecture.MAX_UNITS + 1)).hasMessage("units must be 1..65536, got 65537");
        assertThatCode(() -> LayerSpec.linear(Architecture.MAX_UNITS)).doesNotThrowAnyException();
        assertThatThrownBy(() -> LayerSpec.dropout(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> LayerSpec.dropout(0)).doesNotThrowAnyException();
    }

    @Test
    void everyTokenIsReadBackAsTheSameItem() {
        String list = "conv:8:3,conv:8:3:2,conv:8:3:1:1,conv:8:3:2:1,maxpool:2,avgpool:3,batchnorm,relu,dropout:0.25,flatten,linear:10";
        List<LayerSpec> items = LayerListSyntax.parse(list);
        assertThat(items).containsExactly(LayerSpec.conv(8, 3), LayerSpec.conv(8, 3, 2, 0), LayerSpec.conv(8, 3, 1, 1),
                LayerSpec.conv(8, 3, 2, 1), LayerSpec.maxPool(2), LayerSpec.avgPool(3), LayerSpec.batchNorm(),
                LayerSpec.relu(), LayerSpec.dropout(0.25), LayerSpec.flatten(), LayerSpec.linear(10));
        assertThat(String.join(",", items.stream().map(LayerSpec::token).toList())).isEqualTo(list);
        assertThat(LayerListSyntax.parse(" relu , flatten ")).containsExactly(LayerSpec.relu(), LayerSpec.flatten());
        assertThat(LayerListSyntax.parse("dropout:.5")).containsExactly(LayerSpec.dropout(0.5));
    }

    @Test
    void eachItemTakesExactlyItsFields() {
        for (String bad : List.of("conv:8:3:1:1:1", "conv:8", "maxpool", "maxpool:2:2", "avgpool", "avgpool:2:2",
                "batchnorm:1", "relu:0", "dropout", "dropout:0.1:2", "flatten:1", "linear", "linear:3:4")) {
            assertThatThrownBy(() -> LayerListSyntax.parse(bad)).as(bad).isInstanceOf(LayerList.InvalidLayerException.class)
                    .hasMessageContaining("expected ");
        }
        assertThatThrownBy(() -> LayerListSyntax.parse("linear:1234567890")).hasMessageContaining("is not a whole number");
        assertThatThrownBy(() -> LayerListSyntax.parse("dropout:1e-3")).hasMessageContaining("is not a probability");
        assertThatThrownBy(() -> LayerListSyntax.parse("dropout:0.")).hasMessageContaining("is not a probability");
    }

    @Test
    void aPresetsListIsFittedToTheClassesByItsLastLinearLayer() {
        List<LayerSpec> items = LayerListSyntax.parse("flatten,linear:16,relu,linear:10");
        assertThat(LayerSpec.withClasses(items, 26)).containsExactly(LayerSpec.flatten(), LayerSpec.linear(16),
                LayerSpec.relu(), LayerSpec.linear(26));
        List<LayerSpec> noLinearLast = LayerListSyntax.parse("flatten,relu");
        assertThat(LayerSpec.withClasses(noLinearLast, 26)).isEqualTo(noLinearLast);
        assertThat(LayerSpec.withClasses(List.of(), 26)).isEmpty();
    }
}
