package digitnet.api;

import digitnet.data.folder.Picture;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.MnistImage;
import digitnet.eval.Evaluation;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.report.HeldOut;
import digitnet.report.Report;
import digitnet.tensor.Tensor;
import digitnet.train.NetworkSpec;
import digitnet.train.Progress;
import digitnet.train.Settings;
import digitnet.train.TrainingRecord;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A trained network with what its file records: input size, class labels, how it was trained
 * and how well it did. Made by {@link Digitnet#train} or {@link Digitnet#load}.
 *
 * <p>A model keeps buffers between predictions, so one instance must not be used by two threads
 * at once: give each thread its own {@link #copy()}.
 */
public final class Model {
    private final Network network;
    private final ModelInfo info;
    private final Map<String, Tensor> checkpoint;
    private final String source;
    private final List<Progress> trainHistory;
    private Predictor predictor, viewsPredictor;
    private LayerByLayer layerByLayer;

    Model(Network network, ModelInfo info, Map<String, Tensor> checkpoint, String source,
          List<Progress> trainHistory) {
        this.network = network;
        this.info = info;
        this.checkpoint = Map.copyOf(checkpoint);
        this.source = source;
        this.trainHistory = List.copyOf(trainHistory);
    }

    static Model load(Path file) {
        ModelFile.Loaded loaded = ModelFile.load(file);
        return new Model(loaded.network(), loaded.info(), loaded.checkpoint(), file.toString(), List.of());
    }

    /** @return the model file it was loaded from, or a description of the run that trained it */
    public String source() {
        return source;
    }

    /**
     * The shape of its network, as {@link Settings#network()} names it.
     *
     * @return a perceptron's hidden sizes (and the dropout it was trained with), or the layer list
     */
    public NetworkSpec network() {
        return settings().map(Settings::network).orElse(NetworkSpec.of(info.architecture(), 0));
    }

    /**
     * How it was trained, as its file records it.
     *
     * @return the settings that trained it; empty when the file does not say (a model made outside a training run)
     */
    public Optional<Settings> settings() {
        return Optional.ofNullable(info.training().settings());
    }

    Network internalNetwork() {
        return network;
    }

    Map<String, Tensor> checkpoint() {
        return checkpoint;
    }

    TrainingRecord trainingRecord() {
        return info.training();
    }

    /** @return the input channels the model reads: 1 (grey) or 3 (colour, channel-major) */
    public int channels() {
        return info.channels();
    }

    /**
     * Whether a picture given to {@link #predict(BufferedImage)} is prepared as MNIST was (a model of grey
     * images with classes numbered 0..K-1, which must then read 28x28) rather than resized to the model's
     * size keeping its channels (a colour model, or one whose classes have names, such as one trained on a
     * folder of pictures).
     *
     * @return true for an MNIST-style model
     */
    public boolean readsMnistPictures() {
        return info.channels() == 1 && info.classLabels().equals(ModelInfo.numberedLabels(classes()));
    }

    /** @return the input image height the model reads */
    public int height() {
        return info.height();
    }

    /** @return the input image width the model reads */
    public int width() {
        return info.width();
    }

    /** @return the number of classes it tells apart */
    public int classes() {
        return info.architecture().classes();
    }

    /** @return the label of each class, in order ("0".."9" for digits) */
    public List<String> labels() {
        return info.classLabels();
    }

    /** @return the network in words: "784-64-10", or a layer list "1x28x28: conv:8:3,relu,...,linear:10" */
    public String architecture() {
        return info.architecture().toString();
    }

    /** @return the scores recorded when it was trained ({@code dev_accuracy}, {@code train_loss}, ...) */
    public Map<String, Object> metrics() {
        return info.metrics();
    }

    /** @return how it was trained, as its file records it ({@code seed}, {@code epochs}, {@code optimizer}, ...) */
    public Map<String, Object> training() {
        return info.training().toJson();
    }

    /** @return the progress reports of the run that trained it in this JVM; empty for a loaded model */
    public List<Progress> history() {
        return trainHistory;
    }

    /**
     * The class of one image.
     *
     * @param pixels height x width bytes, row by row, 0 (background) to 255 (ink)
     * @return the prediction
     * @throws InputException when {@code pixels} does not hold one image of the model's size
     */
    public Prediction predict(byte[] pixels) {
        requireOneImage(pixels);
        Dataset one = new Dataset(pixels.clone(), null, 1, info.channels(), info.height(), info.width(), classes(), null,
                "pixels");
        int[] predicted = new int[1];
        float[] probabilities = new float[classes()];
        predictor().predict(one, predicted, probabilities);
        return prediction(probabilities);
    }

    private void requireOneImage(byte[] pixels) {
        if (pixels.length != info.architecture().inputs()) {
            throw new InputException("pixels: " + pixels.length + " values, but the model " + source + " reads "
                    + info.shape() + " = " + info.architecture().inputs());
        }
    }

    // the most probable class (the first of equals, as the predictor's argmax) with every probability
    private Prediction prediction(float[] probabilities) {
        int digit = 0;
        List<Float> p = new ArrayList<>(probabilities.length);
        for (int c = 0; c < probabilities.length; c++) {
            p.add(probabilities[c]);
            if (probabilities[c] > probabilities[digit]) {
                digit = c;
            }
        }
        return new Prediction(digit, labels().get(digit), p);
    }

    /**
     * The class of a picture: for an MNIST-style model ({@link #readsMnistPictures()}) prepared as MNIST
     * was (see {@link Digitnet#prepare(BufferedImage)}); for any other model resized bilinearly to the
     * model's size, as 3 colour channels or 1 grey one as the model reads, as a folder of pictures is read.
     *
     * @param image a picture
     * @return the prediction
     * @throws InputException when an MNIST-style model does not read 28x28 images
     */
    public Prediction predict(BufferedImage image) {
        if (!readsMnistPictures()) {
            return predict(pictureBytes(image));
        }
        requirePictureSize();
        return predict(Digitnet.prepare(image));
    }

    /**
     * The class of a picture file (PNG, JPEG, BMP, GIF), prepared as {@link #predict(BufferedImage)} prepares it.
     *
     * @param file the picture
     * @return the prediction
     * @throws InputException when the file is not a readable picture or is too large (by its header), or
     *                        when an MNIST-style model does not read 28x28 images
     */
    public Prediction predictPicture(Path file) {
        if (!readsMnistPictures()) {
            return predict(pictureBytes(Picture.decode(file)));
        }
        requirePictureSize();
        return predict(Digitnet.preparePicture(file));
    }

    /**
     * A picture as this model reads it: resized to its width x height, its channels channel-major.
     *
     * @param image any picture
     * @return channels x height x width bytes
     */
    public byte[] pictureBytes(BufferedImage image) {
        byte[] out = new byte[info.architecture().inputs()];
        Picture.pixels(image, info.channels(), info.width(), info.height(), out, 0);
        return out;
    }

    /**
     * The class and probabilities of every image of a set.
     *
     * @param data images of the model's size
     * @return the predictions, in the set's order
     * @throws InputException when the images are not of the model's size
     */
    public Predictions predict(Digits data) {
        return predict(data, false);
    }

    /**
     * The class and probabilities of every image of a set, each image's probabilities the mean of its five
     * test-time views' when {@code views} is true: the image itself and moved by a step (4% of the side, at
     * least a pixel) right, left, down and up (docs/training.md, "Test-time views").
     *
     * @param data  images of the model's size
     * @param views whether to average the test-time views
     * @return the predictions, in the set's order
     * @throws InputException when the images are not of the model's size, or with views when a side is under 12
     */
    public Predictions predict(Digits data, boolean views) {
        Dataset d = data.dataset();
        info.requireShape(source, d);
        int[] predicted = new int[d.count()];
        float[] probabilities = new float[Math.multiplyExact(d.count(), classes())];
        (views ? viewsPredictor() : predictor()).predict(d, predicted, probabilities);
        return new Predictions(predicted, probabilities, classes());
    }

    /**
     * Scores the model on a labelled set: accuracy, mean cross-entropy, confusion matrix (rows are true
     * labels, columns predictions) and per-class precision, recall and F1.
     *
     * @param data labelled images of the model's size
     * @return the scores
     * @throws InputException when the images are not of the model's size, are labelled with another
     *                        number of classes, or have no labels
     */
    public Evaluation evaluate(Digits data) {
        return evaluate(data, false);
    }

    /**
     * Scores the model on a labelled set as {@link #evaluate(Digits)} does, each image's probabilities the
     * mean of its five test-time views' when {@code views} is true (see {@link #predict(Digits, boolean)}).
     *
     * @param data  labelled images of the model's size
     * @param views whether to average the test-time views
     * @return the scores
     * @throws InputException as {@link #evaluate(Digits)}, and with views when an image side is under 12 pixels
     */
    public Evaluation evaluate(Digits data, boolean views) {
        info.requireFits(source, data.dataset());
        return Evaluation.of(network, data.dataset(), views);
    }

    /**
     * The rows of {@code all} this model held out for development, when {@code all} is the very data set
     * it was trained on (same source name, same rows); the rows it was not trained on.
     *
     * @param all the whole data set the model was trained on
     * @return its dev rows, or empty when {@code all} is not that data set or no rows were held out
     */
    public Optional<Digits> devRows(Digits all) {
        return HeldOut.devRows(info, all.dataset(), all.source()).map(Digits::new);
    }

    /**
     * Writes the model file (safetensors layout, see docs/model-format.md) through a temporary file
     * renamed into place. A model trained in this JVM also records its optimizer state and epochs done,
     * so that {@link Digitnet#resume} (and the command line's {@code train --resume}) can go on with it.
     *
     * @param file where to write
     * @throws digitnet.model.OutputException when the file cannot be written
     */
    public void save(Path file) {
        ModelFile.save(file, network, info, checkpoint);
    }

    /**
     * Whether the network has convolution or pooling layers, whose outputs {@link #look(byte[])} returns.
     *
     * @return false for a perceptron
     */
    public boolean hasFeatureMaps() {
        return LayerByLayer.hasMaps(network);
    }

    /**
     * One image through the network layer by layer: the prediction, and the output of every convolution
     * and pooling layer on the way (what the web page draws under a digit).
     *
     * @param pixels height x width bytes, row by row, 0 (background) to 255 (ink)
     * @return the prediction and the feature maps, in layer order; no maps for a perceptron
     * @throws InputException when {@code pixels} does not hold one image of the model's size
     */
    public Look look(byte[] pixels) {
        requireOneImage(pixels);
        if (layerByLayer == null) {
            layerByLayer = new LayerByLayer(network);
        }
        LayerByLayer.Result r = layerByLayer.run(pixels);
        return new Look(prediction(r.probabilities()), r.maps());
    }

    /**
     * Writes the HTML report of this model evaluated on {@code data} into {@code dir}: accuracy, the
     * confusion matrix, per-class scores, the first layer's weights as pictures, galleries of digits read
     * right and wrong, the training curves of a model trained in this JVM, and how it was trained.
     *
     * @param dir   the folder for {@code index.html} and its pictures (made when missing)
     * @param data  labelled images of the model's size
     * @param title the page's title
     * @return the scores the report shows
     * @throws InputException when the images are not of the model's size or have no labels
     * @throws digitnet.model.OutputException when the folder cannot be written
     */
    public Evaluation writeReport(Path dir, Digits data, String title) {
        info.requireFits(source, data.dataset());
        return Report.write(dir, new Report.Input(title, network, info, data.dataset(), trainHistory));
    }

    /** @return an independent model with the same weights, for another thread */
    public Model copy() {
        Network n = Network.create(network.architecture());
        n.copyWeightsFrom(network);
        return new Model(n, info, checkpoint, source, trainHistory);
    }

    /** @return "model SOURCE (ARCHITECTURE)" */
    @Override
    public String toString() {
        return "model " + source + " (" + architecture() + ")";
    }

    private Predictor predictor() {
        if (predictor == null) {
            predictor = new Predictor(network);
        }
        return predictor;
    }

    private Predictor viewsPredictor() {
        if (viewsPredictor == null) {
            viewsPredictor = new Predictor(network, true);
        }
        return viewsPredictor;
    }

    private void requirePictureSize() {
        if (info.height() != MnistImage.SIZE || info.width() != MnistImage.SIZE) {
            throw new InputException(source + ": the model expects " + info.height() + "x" + info.width()
                    + " images, but pictures are converted to " + MnistImage.SIZE + "x" + MnistImage.SIZE + " MNIST digits");
        }
    }
}
