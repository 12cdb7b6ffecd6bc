package digitnet.app.web;

import digitnet.api.Digits;
import digitnet.api.Look;
import digitnet.api.Model;
import digitnet.api.Predictions;
import digitnet.data.InputException;
import digitnet.data.MnistImage;
import java.util.List;

/**
 * The loaded model, shared by the server's threads: each thread predicts with its own
 * {@link Model#copy()} (a model keeps buffers), and the gallery's predictions are computed once.
 * A network with convolution or pooling layers also shows its feature maps ({@link FeatureMaps}).
 */
public final class ModelService {
    /** What the network read in one image. */
    public record Prediction(int digit, float[] probabilities, byte[] pixels) {}

    /** Images to browse and what the network made of them. */
    public record Gallery(Digits images, String description, int[] predicted, float[] confidence) {}

    /** What the network read in one image, with the feature maps of its convolution and pooling layers. */
    record Features(Prediction prediction, List<FeatureMaps.LayerMaps> maps) {}

    private final Model model;
    private final Gallery gallery;
    private final boolean hasFeatureMaps;
    private final ThreadLocal<Model> copies;

    /**
     * @param galleryImages labelled 28x28 images to browse, or null for none
     */
    public ModelService(Model model, Digits galleryImages, String galleryDescription) {
        if (model.readsMnistPictures() && (model.height() != MnistImage.SIZE || model.width() != MnistImage.SIZE)) {
            throw new InputException("the model reads " + model.height() + "x" + model.width()
                    + " inputs; the web page draws 28x28 digits, so it needs a model trained on 28x28 images");
        }
        this.model = model;
        this.copies = ThreadLocal.withInitial(model::copy);
        this.hasFeatureMaps = model.hasFeatureMaps();
        this.gallery = galleryImages == null ? null : precompute(galleryImages, galleryDescription);
    }

    /** The model, for what it says about itself (predictions go through {@link #predict}). */
    public Model model() {
        return model;
    }

    /** The gallery, or null when there is none. */
    public Gallery gallery() {
        return gallery;
    }

    /** Prediction for one image of the model's size, bytes 0..255 (light ink on dark for an MNIST-style model). */
    public Prediction predict(byte[] pixels) {
        digitnet.api.Prediction p = copies.get().predict(pixels);
        List<Float> probabilities = p.probabilities();
        float[] values = new float[probabilities.size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = probabilities.get(c);
        }
        return new Prediction(p.digit(), values, pixels);
    }

    /** Whether the network has convolution or pooling layers whose maps {@link #features} returns. */
    public boolean hasFeatureMaps() {
        return hasFeatureMaps;
    }

    /**
     * Prediction for one 28x28 image with the feature maps of every convolution and pooling layer
     * (bounded, see {@link FeatureMaps}); a perceptron's prediction is {@link #predict}'s, with no maps.
     */
    Features features(byte[] pixels) {
        if (!hasFeatureMaps) {
            return new Features(predict(pixels), List.of());
        }
        Look look = copies.get().look(pixels);
        digitnet.api.Prediction p = look.prediction();
        float[] values = new float[p.probabilities().size()];
        for (int c = 0; c < values.length; c++) {
            values[c] = p.probabilities().get(c);
        }
        return new Features(new Prediction(p.digit(), values, pixels), FeatureMaps.drawn(look));
    }

    private Gallery precompute(Digits images, String description) {
        if (images.height() != model.height() || images.width() != model.width() || images.channels() != model.channels()
                || !images.labelled()) {
            throw new InputException(images.source() + ": the gallery needs labelled images of the model's "
                    + (model.channels() == 1 ? "" : model.channels() + "x") + model.height() + "x" + model.width());
        }
        Predictions p = copies.get().predict(images);
        float[] confidence = new float[images.count()];
        for (int i = 0; i < images.count(); i++) {
            confidence[i] = p.probability(i, p.digit(i));
        }
        return new Gallery(images, description, p.digits(), confidence);
    }
}
