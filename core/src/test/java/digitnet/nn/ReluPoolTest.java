package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A ReLU followed by max pooling runs as one step in {@link Network} (pooling first, the rectifier on
 * the pooled map: {@link ReluPool}); layer by layer gives the same logits and the same gradient of
 * every parameter, bit for bit: on windows with positive, negative and all-negative entries, odd map
 * sizes (the pooling drops the last row and column), at several batch sizes. A first convolution on the
 * im2col path followed by max pooling (with or without a ReLU between) takes its weight gradient from the
 * pooled gradient and the pooling's argmax ({@link Conv2d#backwardFromPooled}), and that too gives the
 * layer-by-layer bits. A later convolution followed by max pooling whose geometry {@link
 * digitnet.tensor.PooledConvGradient} takes reads its gradients from the maxima alone, in another order: there the
 * gradients of that layer and those before it equal layer by layer's to rounding, the pooling makes no dX, and the
 * logits are still the same bits.
 */
class ReluPoolTest {
    private static final String[] LISTS = {
        "conv:32:3,relu,maxpool:2,conv:64:3,relu,maxpool:2,flatten,linear:10",        // the Keras convnet's order
        "conv:4:3,relu,maxpool:2,conv:6:2,relu,maxpool:2,flatten,linear:16,relu,linear:10",   // 26 -> 13, 12 -> 6
        "conv:5:4,relu,maxpool:3,flatten,linear:10",                                  // 25 -> 8, windows of 3
        "conv:16:4,relu,maxpool:3,flatten,linear:10",                                 // the same on the im2col path
        "conv:16:5,maxpool:2,relu,conv:32:3,maxpool:2,relu,flatten,linear:10",        // the budgeted cnn's order, width 16
        "conv:8:5:1:2,maxpool:2,relu,conv:16:3:1:1,maxpool:2,relu,flatten,linear:10", // its small-image order: padded
    };

    @Test
    void theFusedStepGivesTheLayerByLayerLogitsAndGradientsBitForBit() {
        Random r = new Random(71);
        for (String list : LISTS) {
            for (int batch : new int[] {1, 3, 17}) {
                Architecture a = Architecture.of(LayerList.of(Shape.of(1, 28, 28), LayerListSyntax.parse(list), 10));
                Network fused = Network.initialised(a, Init.HE, 5), plain = Network.initialised(a, Init.HE, 5);
                assertThat(fused.layers().stream().filter(l -> l instanceof MaxPool2d).count()).isPositive();
                Tensor x = new Tensor(batch, 784), dLogits = new Tensor(batch, 10);
                for (int i = 0; i < x.size(); i++) {
                    x.data[i] = r.nextFloat() * 2 - 1;      // half the pixels negative: windows of every sign
                }
                for (int i = 0; i < dLogits.size(); i++) {
                    dLogits.data[i] = r.nextFloat() - 0.5f;
                }
                Tensor logits = fused.forward(x, true);
                fused.backward(dLogits);

                List<Layer> layers = plain.layers();
                Tensor h = x;
                for (Layer l : layers) {
                    h = l.forward(h, true);
                }
                Tensor d = dLogits;
                for (int i = layers.size() - 1; i >= 0; i--) {
                    d = layers.get(i).backward(d);
                }

                String what = list + " at batch " + batch;
                if (fused.layers().get(0) instanceof Conv2d c && digitnet.tensor.Im2ColConv.fits(
                        new digitnet.tensor.ConvGeometry(1, 28, 28, c.kernel(), 1, 0), c.outputShape().channels())) {
                    // a first convolution on the im2col path (by dot products) reads dP and argmax: no dX is made
                    assertThat(c.takesPooledGradient()).as("the first convolution takes the pooled gradient, %s", what)
                            .isTrue();
                    MaxPool2d firstPool = (MaxPool2d) fused.layers().stream().filter(l -> l instanceof MaxPool2d).findFirst().get();
                    assertThat(firstPool.inputGradient()).as("the pooling's dX, %s", what).isNull();
                }
                int later = laterPooledConv(fused);          // a later convolution reading the maxima alone, or -1
                if (list.startsWith("conv:32:3,relu,maxpool:2,conv:64:3") || list.contains("conv:16:3:1:1")) {
                    assertThat(later).as("the second convolution reads the maxima, %s", what).isEqualTo(3);
                }
                if (later >= 0) {
                    MaxPool2d pool = (MaxPool2d) fused.layers().get(fused.layers().get(later + 1) instanceof MaxPool2d
                            ? later + 1 : later + 2);
                    assertThat(pool.inputGradient()).as("the later pooling's dX, %s", what).isNull();
                }
                assertThat(copy(logits)).as("logits, %s", what).containsExactly(copy(h));
                for (int p = 0; p < fused.parameters().size(); p++) {
                    Parameter f = fused.parameters().get(p), q = plain.parameters().get(p);
                    int layer = Integer.parseInt(f.name().substring(0, f.name().indexOf('.')));
                    if (layer <= later) {
                        assertClose(copy(f.grad()), copy(q.grad()), "gradient of " + f.name() + ", " + what);
                    } else {
                        assertThat(copy(f.grad())).as("gradient of %s, %s", f.name(), what).containsExactly(copy(q.grad()));
                    }
                }
            }
        }
    }

    // the last convolution after the first that is followed by max pooling (a ReLU between or not) and takes its gradients
    // from the pooled gradient after the last forward pass; -1 for none
    private static int laterPooledConv(Network n) {
        List<Layer> layers = n.layers();
        int found = -1;
        for (int i = 1; i + 1 < layers.size(); i++) {
            int pool = layers.get(i + 1) instanceof Relu && i + 2 < layers.size() ? i + 2 : i + 1;
            if (layers.get(i) instanceof Conv2d c && layers.get(pool) instanceof MaxPool2d && c.takesPooledGradient()) {
                found = i;
            }
        }
        return found;
    }

    private static void assertClose(float[] got, float[] want, String what) {
        float scale = 0f;
        for (float v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(scale).as("%s is not all 0", what).isPositive();
        for (int i = 0; i < want.length; i++) {
            assertThat(got[i]).as("%s [%d]", what, i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-5f * scale));
        }
    }

    private static float[] copy(Tensor t) {
        return java.util.Arrays.copyOf(t.data, t.size());
    }
}
