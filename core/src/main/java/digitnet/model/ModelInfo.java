package digitnet.model;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.train.TrainSettings;
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
 * @param training    how it was trained
 * @param metrics     final metrics (JSON-compatible values)
 */
public record ModelInfo(Architecture architecture, int height, int width, List<String> classLabels,
                        TrainSettings training, Map<String, Object> metrics) {
    /** Pixels 0..255 are multiplied by this before entering the network. */
    public static final double PIXEL_SCALE = 1.0 / 255.0;

    public ModelInfo {
        classLabels = List.copyOf(classLabels);
        java.util.Objects.requireNonNull(training, "training");
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

    /**
     * Checks that {@code data} holds images this model reads (same height and width) and labels
     * it knows; the message names both files and both sizes.
     */
    public void requireFits(String modelFile, Dataset data) {
        requireShape(modelFile, data);
        if (data.classes() != architecture.classes()) {
            throw new InputException(data.source() + ": labels are read as " + data.classes()
                    + " classes but the model " + modelFile + " has " + architecture.classes());
        }
    }

    /** Checks that {@code data} holds images of the size this model reads; the message names both. */
    public void requireShape(String modelFile, Dataset data) {
        if (data.height() != height || data.width() != width) {
            throw new InputException(data.source() + ": images are " + data.shape() + " (" + data.features()
                    + " pixels) but the model " + modelFile + " expects " + height + "x" + width + " ("
                    + architecture.inputs() + " pixels)");
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
