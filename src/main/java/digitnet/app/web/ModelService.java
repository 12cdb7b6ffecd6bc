package digitnet.app.web;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.MnistImage;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import java.util.List;

/**
 * The loaded model, shared by the server's threads: each thread predicts with its own copy of
 * the network (layers keep their buffers), and the gallery's predictions are computed once.
 */
public final class ModelService {
    /** What the network read in one image. */
    public record Prediction(int digit, float[] probabilities, byte[] pixels) {}

    /** Images to browse and what the network made of them. */
    public record Gallery(Dataset images, String description, int[] predicted, float[] confidence) {}

    /** What the network read in one image, with the feature maps of its convolution and pooling layers. */
    record Features(Prediction prediction, List<FeatureMaps.LayerMaps> maps) {}

    /** One thread's copy of the network, read in chunks (gallery, predictions) or layer by layer (feature maps). */
    private record Worker(Predictor predictor, FeatureMaps features) {}

    private final ModelFile.Loaded model;
    private final Gallery gallery;
    private final boolean hasFeatureMaps;
    private final ThreadLocal<Worker> workers;

    /**
     * @param galleryImages labelled 28x28 images to browse, or null for none
     */
    public ModelService(ModelFile.Loaded model, Dataset galleryImages, String galleryDescription) {
        ModelInfo info = model.info();
        if (info.height() != MnistImage.SIZE || info.width() != MnistImage.SIZE) {
            throw new InputException("the model reads " + info.height() + "x" + info.width()
                    + " inputs; the web page draws 28x28 digits, so it needs a model trained on 28x28 images");
        }
        this.model = model;
        this.hasFeatureMaps = FeatureMaps.hasMaps(model.network());
        this.workers = ThreadLocal.withInitial(() -> {
            Network copy = Network.create(model.network().architecture());
            copy.copyWeightsFrom(model.network());
            return new Worker(new Predictor(copy), new FeatureMaps(copy));
        });
        this.gallery = galleryImages == null ? null : precompute(galleryImages, galleryDescription);
    }

    public ModelInfo info() {
        return model.info();
    }

    /** The gallery, or null when there is none. */
    public Gallery gallery() {
        return gallery;
    }

    /** Prediction for one 28x28 image of bytes 0..255 (light ink on dark, as MNIST). */
    public Prediction predict(byte[] pixels) {
        int k = model.info().classLabels().size();
        Dataset one = new Dataset(pixels, null, 1, MnistImage.SIZE, MnistImage.SIZE, k, "request");
        int[] predicted = new int[1];
        float[] probabilities = new float[k];
        workers.get().predictor().predict(one, predicted, probabilities);
        return new Prediction(predicted[0], probabilities, pixels);
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
        FeatureMaps.Result r = workers.get().features().run(pixels);
        int digit = 0;
        for (int c = 1; c < r.probabilities().length; c++) {
            if (r.probabilities()[c] > r.probabilities()[digit]) {
                digit = c;
            }
        }
        return new Features(new Prediction(digit, r.probabilities(), pixels), r.maps());
    }

    private Gallery precompute(Dataset images, String description) {
        if (images.height() != MnistImage.SIZE || images.width() != MnistImage.SIZE || !images.labelled()) {
            throw new InputException(images.source() + ": the gallery needs labelled 28x28 images");
        }
        int k = model.info().classLabels().size();
        int[] predicted = new int[images.count()];
        float[] probabilities = new float[images.count() * k];
        workers.get().predictor().predict(images, predicted, probabilities);
        float[] confidence = new float[images.count()];
        for (int i = 0; i < images.count(); i++) {
            confidence[i] = probabilities[i * k + predicted[i]];
        }
        return new Gallery(images, description, predicted, confidence);
    }
}
