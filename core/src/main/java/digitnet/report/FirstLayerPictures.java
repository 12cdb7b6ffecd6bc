package digitnet.report;

import digitnet.nn.Conv2d;
import digitnet.nn.Dense;
import digitnet.nn.Layer;
import digitnet.nn.Network;
import java.util.ArrayList;
import java.util.List;

/**
 * What the first layer with weights looks for, as pictures: one per hidden unit of a linear layer
 * on square images (its incoming weights laid out as the image), or one per filter and input
 * channel of a convolution (its K x K kernel, scaled up to about {@link #FILTER_SIDE} pixels).
 *
 * @param kind     "linear" or "conv"; empty when nothing is drawn
 * @param images   PNG data URIs, at most {@link #MAX_PICTURES}
 * @param captions one per picture: "3" for unit 3, "3" or "3.1" for filter 3 (on input channel 1)
 * @param total    pictures there would be without the limit
 * @param side     width and height of each picture in pixels
 */
record FirstLayerPictures(String kind, List<String> images, List<String> captions, int total, int side) {
    /** Most pictures drawn. */
    static final int MAX_PICTURES = 128;
    /** Side of a filter picture: each kernel element becomes a square block of about side / K pixels. */
    static final int FILTER_SIDE = 60;
    /** Scale of a unit's picture (a 28x28 input becomes 84x84). */
    static final int UNIT_SCALE = 3;

    FirstLayerPictures {
        images = List.copyOf(images);
        captions = List.copyOf(captions);
    }

    static FirstLayerPictures none() {
        return new FirstLayerPictures("", List.of(), List.of(), 0, 0);
    }

    /** The pictures of the network's first layer with parameters, for inputs of height x width. */
    static FirstLayerPictures of(Network network, int height, int width) {
        Layer first = null;
        for (Layer l : network.layers()) {
            if (!l.parameters().isEmpty()) {
                first = l;
                break;
            }
        }
        if (first instanceof Conv2d conv) {
            return filters(conv);
        }
        if (first instanceof Dense dense && height >= 2 && width >= 2 && dense.inputs() == height * width) {
            return units(dense, height, width);
        }
        return none();
    }

    // one picture per hidden unit: row u of the weight (units, height*width) laid out as the image
    private static FirstLayerPictures units(Dense first, int height, int width) {
        List<String> images = new ArrayList<>(), captions = new ArrayList<>();
        int units = Math.min(first.outputs(), MAX_PICTURES);
        float[] byUnit = first.weightByUnit().data;
        for (int u = 0; u < units; u++) {
            images.add(DigitPictures.dataUri(DigitPictures.weights(byUnit, u * height * width, height, width,
                    UNIT_SCALE)));
            captions.add(Integer.toString(u));
        }
        return new FirstLayerPictures("linear", images, captions, first.outputs(), width * UNIT_SCALE);
    }

    // one picture per (filter o, input channel c): weight (out, in*K*K), row o, columns c*K*K .. (c+1)*K*K
    private static FirstLayerPictures filters(Conv2d conv) {
        int k = conv.kernel(), in = conv.inputShape().channels(), out = conv.outputShape().channels();
        int scale = Math.max(1, FILTER_SIDE / k);
        List<String> images = new ArrayList<>(), captions = new ArrayList<>();
        for (int o = 0; o < out && images.size() < MAX_PICTURES; o++) {
            for (int c = 0; c < in && images.size() < MAX_PICTURES; c++) {
                images.add(DigitPictures.dataUri(DigitPictures.weights(conv.weight().data, (o * in + c) * k * k, k, k, scale)));
                captions.add(in == 1 ? Integer.toString(o) : o + "." + c);
            }
        }
        return new FirstLayerPictures("conv", images, captions, out * in, k * scale);
    }
}
