package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The layer list: its syntax, its shape inference, and each refusal before any training. */
class LayerListTest {
    private static final Shape MNIST = Shape.image(28, 28);
    private static final String KERAS = "conv:32:3,relu,maxpool:2,conv:64:3,relu,maxpool:2,flatten,dropout:0.5,linear:10";

    private static LayerList list(String items, Shape input, int classes) {
        return LayerList.of(input, LayerListSyntax.parse(items), classes);
    }

    @Test
    void kerasConvnetShapes() {
        LayerList l = list(KERAS, MNIST, 10);
        assertThat(l.shapes()).containsExactly(Shape.of(32, 26, 26), Shape.of(32, 26, 26), Shape.of(32, 13, 13),
                Shape.of(64, 11, 11), Shape.of(64, 11, 11), Shape.of(64, 5, 5), Shape.flat(1600), Shape.flat(1600),
                Shape.flat(10));
        assertThat(l.tokens()).isEqualTo(KERAS);
    }

    @Test
    void syntaxRoundTrips() {
        String s = "conv:8:5:2:2,batchnorm,relu,avgpool:2,conv:4:3:1:1,maxpool:3,flatten,linear:20,batchnorm,"
                + "relu,dropout:0.25,linear:3";
        assertThat(list(s, Shape.of(3, 32, 30), 3).tokens()).isEqualTo(s);
        assertThat(LayerListSyntax.parse("conv:8:3:1:0, relu ,flatten,linear:2").get(0)).isEqualTo(LayerSpec.conv(8, 3));
    }

    @Test
    void pyTorchNamesCountEveryItem() {
        Network n = Network.create(list("conv:4:3,batchnorm,relu,dropout:0.1,maxpool:2,flatten,linear:10", MNIST, 10));
        assertThat(n.parameters()).extracting(Parameter::name)
                .containsExactly("0.weight", "0.bias", "1.weight", "1.bias", "6.weight", "6.bias");
        assertThat(n.buffers()).extracting(Buffer::name)
                .containsExactly("1.running_mean", "1.running_var", "1.num_batches_tracked");
        assertThat(n.parameters().get(0).value().rows()).isEqualTo(4);
        assertThat(n.parameters().get(0).value().cols).isEqualTo(9);          // (4, 1, 3, 3)
        assertThat(n.stateShape("6.weight")).containsExactly(10, 4 * 13 * 13);    // PyTorch's (out, in)
    }

    @Test
    void refusesAKernelLargerThanItsInput() {
        assertThatThrownBy(() -> list("conv:8:5,relu,maxpool:2,conv:8:5,maxpool:2,conv:8:5,flatten,linear:10", Shape.image(16, 16), 10))
                .isInstanceOf(LayerList.InvalidLayerException.class)
                .hasMessage("layer 6 of 8 'conv:8:5' (input 8x1x1): kernel 5x5 is larger than its input 8x1x1");
        assertThatThrownBy(() -> list("conv:8:9:1:1,flatten,linear:10", Shape.image(6, 6), 10))
                .hasMessage("layer 1 of 3 'conv:8:9:1:1' (input 1x6x6): kernel 9x9 is larger than its input 1x6x6 (padded 8x8)");
    }

    @Test
    void refusesPoolingToNothing() {
        assertThatThrownBy(() -> list("maxpool:2,maxpool:2,avgpool:3,flatten,linear:10", Shape.image(8, 8), 10))
                .hasMessage("layer 3 of 5 'avgpool:3' (input 1x2x2): pooling 3x3 of its input 1x2x2 leaves nothing");
    }

    @Test
    void refusesALinearLayerOnAnImage() {
        assertThatThrownBy(() -> list("conv:4:3,relu,linear:10", MNIST, 10))
                .hasMessage("layer 3 of 3 'linear:10' (input 4x26x26): a linear layer needs flat features but its input "
                        + "is the image 4x26x26 (put flatten before it)");
    }

    @Test
    void refusesAnImageLayerAfterFlatten() {
        assertThatThrownBy(() -> list("flatten,conv:4:3,linear:10", MNIST, 10))
                .hasMessage("layer 2 of 3 'conv:4:3' (input 784x1x1): needs an image but its input is 784 flat features");
    }

    @Test
    void refusesALastLayerThatIsNotOneOutputPerClass() {
        assertThatThrownBy(() -> list("flatten,linear:64,relu,linear:9", MNIST, 10))
                .hasMessage("layer 4 of 4 'linear:9' (input 64x1x1): the last item must be linear:10, one output per "
                        + "class, but it gives 9x1x1");
        assertThatThrownBy(() -> list("flatten,linear:10,relu", MNIST, 10))
                .hasMessageStartingWith("layer 3 of 3 'relu' (input 10x1x1): the last item must be linear:10");
    }

    @Test
    void refusesAnUnknownItem() {
        assertThatThrownBy(() -> LayerListSyntax.parse("conv:8:3,relu,sigmoid,flatten,linear:10"))
                .isInstanceOf(LayerList.InvalidLayerException.class)
                .hasMessage("layer 3 of 5 'sigmoid': unknown item; items are " + LayerListSyntax.ITEMS)
                .extracting(e -> ((LayerList.InvalidLayerException) e).position()).isEqualTo(3);
    }

    @Test
    void refusesMalformedItems() {
        assertThatThrownBy(() -> LayerListSyntax.parse("conv:8,flatten,linear:10"))
                .hasMessage("layer 1 of 3 'conv:8': expected conv:OUT:K[:STRIDE[:PAD]]");
        assertThatThrownBy(() -> LayerListSyntax.parse("flatten,dropout:1.5,linear:10"))
                .hasMessage("layer 2 of 3 'dropout:1.5': dropout probability must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> LayerListSyntax.parse("flatten,linear:-3"))
                .hasMessage("layer 2 of 2 'linear:-3': '-3' is not a whole number");
        assertThatThrownBy(() -> LayerListSyntax.parse("conv:0:3,flatten,linear:10"))
                .hasMessage("layer 1 of 3 'conv:0:3': output channels must be 1..65536, got 0");
        assertThatThrownBy(() -> LayerListSyntax.parse("flatten,,linear:10"))
                .hasMessageStartingWith("layer 2 of 3 '': unknown item");
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> LayerList.of(MNIST, List.of(), 10)).hasMessageContaining("empty");
    }
}
