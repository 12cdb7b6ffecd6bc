package digitnet.model;

import digitnet.nn.Architecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file says about its network besides the weights: the architecture, the input
 * images and their scaling, the class labels, how it was trained and how well it did.
 *
 * @param height      input image height (1 for inputs that are not square images)
 * @param width       input image width
 * @param classLabels one label per output, in order ("0".."9" for digits)
 * @param training    the training settings (JSON-compatible values)
 * @param metrics     final metrics (JSON-compatible values)
 */
public record ModelInfo(Architecture architecture, int height, int width, List<String> classLabels,
                        Map<String, Object> training, Map<String, Object> metrics) {
    /** Pixels 0..255 are multiplied by this before entering the network. */
    public static final double PIXEL_SCALE = 1.0 / 255.0;

    public ModelInfo {
        classLabels = List.copyOf(classLabels);
        training = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if ((long) height * width != architecture.inputs()) {
            throw new IllegalArgumentException("input " + height + "x" + width + " does not match "
                    + architecture.inputs() + " network inputs");
        }
        if (classLabels.size() != architecture.classes()) {
            throw new IllegalArgumentException(classLabels.size() + " class labels for "
                    + architecture.classes() + " outputs");
        }
    }

    /** Class labels "0", "1", ..., "K-1". */
    public static List<String> numberedLabels(int classes) {
        String[] labels = new String[classes];
        for (int i = 0; i < classes; i++) {
            labels[i] = Integer.toString(i);
        }
        return List.of(labels);
    }
}
