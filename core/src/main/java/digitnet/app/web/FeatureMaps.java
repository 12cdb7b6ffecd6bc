package digitnet.app.web;

import digitnet.api.FeatureMap;
import digitnet.api.Look;
import digitnet.nn.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature maps of one image as the page draws them, from the model's {@link Look}: each channel
 * scaled to grey levels 0..255 from its own minimum to its maximum. Bounded: at most
 * {@link #MAX_CHANNELS} channels per layer and {@link #MAX_VALUES} grey levels in all; a
 * perceptron has none.
 */
final class FeatureMaps {
    /** Channels drawn per layer (the first ones). */
    static final int MAX_CHANNELS = 16;
    /** Grey levels in one answer, all layers together; layers past it are left out. */
    static final int MAX_VALUES = 32 * 1024;

    private FeatureMaps() {}

    /**
     * The maps of one layer.
     *
     * @param layer    the layer's position in the list (0-based, as the model file's names)
     * @param kind     "conv", "maxpool" or "avgpool"
     * @param shape    the layer's whole output (channels, height, width)
     * @param channels the channels drawn (the first ones, at most {@link #MAX_CHANNELS})
     * @param grey     channels x height x width grey levels 0..255, channel by channel, row-major
     * @param min      each drawn channel's lowest activation (grey 0)
     * @param max      each drawn channel's highest activation (grey 255)
     */
    record LayerMaps(int layer, String kind, Shape shape, int channels, byte[] grey, float[] min, float[] max) {}

    /** The first channels of each layer's maps as grey levels, while they fit in {@link #MAX_VALUES}. */
    static List<LayerMaps> drawn(Look look) {
        List<LayerMaps> maps = new ArrayList<>();
        int values = 0;
        for (FeatureMap m : look.maps()) {
            int channels = Math.min(m.channels(), MAX_CHANNELS);
            int area = m.height() * m.width();
            if (values + channels * area <= MAX_VALUES) {
                maps.add(grey(m, channels));
                values += channels * area;
            }
        }
        return List.copyOf(maps);
    }

    // the first `channels` channels of a map as grey levels
    private static LayerMaps grey(FeatureMap m, int channels) {
        int area = m.height() * m.width();
        float[] y = m.values();
        byte[] grey = new byte[channels * area];
        float[] min = new float[channels], max = new float[channels];
        for (int c = 0; c < channels; c++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < area; p++) {
                float v = y[c * area + p];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            float range = hi - lo;
            for (int p = 0; p < area; p++) {
                float v = y[c * area + p];
                grey[c * area + p] = (byte) (range > 0 ? Math.round(255 * (v - lo) / range) : 0);
            }
            min[c] = lo;
            max[c] = hi;
        }
        return new LayerMaps(m.layer(), m.kind(), new Shape(m.channels(), m.height(), m.width()), channels, grey, min, max);
    }
}
