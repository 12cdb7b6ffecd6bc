package digitnet.model;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.train.TrainingRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model file says about its network besides the weights: the architecture, the input
 * images and their scaling, the class labels, how it was trained and how well it did.
 *
 * @param channels    input channels: 1 (grey) or 3 (red, green, blue planes, channel-major as NCHW)
 * @param height      input image height (1 for inputs that are not square images)
 * @param width       input image width
 * @param classLabels one label per output, in order ("0".."9" for digits, the class folders' names for a folder)
 * @param training    how it was trained
 * @param metrics     final metrics (JSON-compatible values)
 */
public record ModelInfo(Architecture architecture, int channels, int height, int width, List<String> classLabels,
                        TrainingRecord training, Map<String, Object> metrics) {
    /** Pixels 0..255 are multiplied by this before entering the network. */
    public static final double PIXEL_SCALE = 1.0 / 255.0;

    public ModelInfo {
        classLabels = List.copyOf(classLabels);
        java.util.Objects.requireNonNull(training, "training");
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("input channels " + channels + " is neither 1 nor 3");
        }
        if ((long) channels * height * width != architecture.inputs()) {
            throw new IllegalArgumentException("input " + (channels == 1 ? "" : channels + "x") + height + "x" + width
                    + " does not match "
                    + architecture.inputs() + " network inputs");
        }
        for (String label : classLabels) {
            String problem = labelProblem(label);
            if (problem != null) {
                throw new IllegalArgumentException("class label \"" + label + "\" " + problem);
            }
        }
        if (classLabels.size() != architecture.classes()) {
            throw new IllegalArgumentException(classLabels.size() + " class labels for "
                    + architecture.classes() + " outputs");
        }
    }

    /** A grey model (1 channel). */
    public ModelInfo(Architecture architecture, int height, int width, List<String> classLabels,
                     TrainingRecord training, Map<String, Object> metrics) {
        this(architecture, 1, height, width, classLabels, training, metrics);
    }

    /** Why {@code label} cannot name a class (blank, longer than 100 characters, a control character), or null when it can. */
    public static String labelProblem(String label) {
        return Dataset.classNameProblem(label);
    }

    /** "28x28" for grey, "3x32x32" for colour, as {@link Dataset#shape()} says it. */
    public String shape() {
        return (channels == 1 ? "" : channels + "x") + height + "x" + width;
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
        if (data.height() != height || data.width() != width || data.channels() != channels) {
            throw new InputException(data.source() + ": images are " + data.shape() + " (" + data.features()
                    + " pixels) but the model " + modelFile + " expects " + shape() + " ("
                    + architecture.inputs() + " pixels)" + (data.channels() != channels
                    ? "; read the folder with --channels " + channels : ""));
        }
    }

    /** Class labels "0", "1", ..., "K-1". */
    public static List<String> numberedLabels(int classes) {
        return Dataset.numbered(classes);
    }
}
