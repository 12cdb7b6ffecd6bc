package digitnet.api;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.data.MnistImage;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Predictor;
import digitnet.train.TrainConfig;
import digitnet.train.TrainListener;
import digitnet.train.TrainSettings;
import digitnet.train.Training;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entry point of digitnet as a library: every other type of this package is reached from here.
 *
 * <pre>{@code
 * Digits digits = Digitnet.sample();
 * Model model = Digitnet.train(digits, Settings.quick());
 * model.save(Path.of("model.safetensors"));
 * Prediction p = Digitnet.load(Path.of("model.safetensors")).predict(digits.image(0));
 * }</pre>
 *
 * <p>Data: {@link #sample()}, {@link #read(Path)}, {@link #read(Path, Path, int)},
 * {@link #downloaded(String, Part)}, {@link #digits}. Training: {@link #train(Digits, Settings, ProgressListener)}
 * with {@link Settings}. Models: {@link #load(Path)}, then {@link Model#predict(byte[])},
 * {@link Model#evaluate(Digits)}, {@link Model#save(Path)}. Pictures: {@link #prepare(BufferedImage)}.
 */
public final class Digitnet {
    /** Classes a data file is read with unless told otherwise: the ten digits. */
    public static final int DIGITS = 10;

    private Digitnet() {}

    /** Which files of a downloaded data set. */
    public enum Part {
        /** The training files, {@code train-images-idx3-ubyte.gz} and {@code train-labels-idx1-ubyte.gz}. */
        TRAIN("train"),
        /** The test files, {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz}. */
        TEST("t10k");

        private final String prefix;

        Part(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * The 10,000 labelled MNIST digits bundled in the jar (28x28, 10 classes). Reading them takes well
     * under a second.
     *
     * @return the sample
     */
    public static Digits sample() {
        return new Digits(DataLoader.embeddedSample());
    }

    /**
     * Reads a data file of digits (10 classes): a Kaggle CSV ({@code label,pixel0,...}, or unlabelled
     * {@code pixel0,...}), or IDX images with their labels from the sibling {@code *labels-idx1*} file
     * when it exists. Raw or gzipped; the format is told by the content.
     *
     * @param file the data file
     * @return its images
     * @throws InputException naming the file, and the line and column or byte, of what is wrong
     */
    public static Digits read(Path file) {
        return read(file, null, DIGITS);
    }

    /**
     * Reads a data file, as {@link #read(Path)}, with the labels from another IDX file and any number of
     * classes.
     *
     * @param file    CSV or IDX images
     * @param labels  IDX labels for IDX images, or null for the sibling file
     * @param classes number of classes, 2..65536; labels must be 0..classes-1
     * @return its images
     * @throws InputException naming the file and what is wrong
     * @throws InvalidSettingException naming {@code classes} when it is out of range
     */
    public static Digits read(Path file, Path labels, int classes) {
        requireClasses(classes);
        return new Digits(DataLoader.load(file, labels, classes));
    }

    /**
     * A data set fetched by {@code digitnet download NAME} ({@code mnist}, {@code fashion-mnist},
     * {@code kmnist}), from the download cache ({@link #cacheDirectory()}).
     *
     * @param name the data set's name
     * @param part the training or the test files
     * @return its images and labels
     * @throws InvalidSettingException naming {@code name} when it is not a plain name
     * @throws InputException when the files are not there or cannot be read
     */
    public static Digits downloaded(String name, Part part) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*") || name.contains("..")) {
            throw new InvalidSettingException("Digitnet.downloaded", "name",
                    "must be a data set name such as mnist, got '" + name + "'");
        }
        return downloaded(cacheDirectory().resolve(name), part);
    }

    /**
     * A data set in a folder of IDX files under their usual names, {@code PREFIX-images-idx3-ubyte} and
     * {@code PREFIX-labels-idx1-ubyte}, gzipped ({@code .gz}) or not, where PREFIX is {@code train} or
     * {@code t10k}.
     *
     * @param folder the folder
     * @param part   the training or the test files
     * @return its images and labels
     * @throws InputException when the images file is not there or the files cannot be read
     */
    public static Digits downloaded(Path folder, Part part) {
        String images = part.prefix + "-images-idx3-ubyte";
        for (String name : List.of(images + ".gz", images)) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                return read(file);
            }
        }
        throw new InputException(folder + ": holds no " + images + ".gz (nor " + images + "); download the data set first");
    }

    /**
     * Where downloaded data sets live: {@code $XDG_CACHE_HOME/digitnet} when that variable holds an
     * absolute path, otherwise {@code ~/.cache/digitnet} (the XDG Base Directory convention), one
     * folder per data set.
     *
     * @return the folder (it may not exist)
     */
    public static Path cacheDirectory() {
        return digitnet.data.download.DownloadCache.defaultRoot();
    }

    /**
     * Images from memory.
     *
     * @param pixels  count x height x width bytes, image after image, row by row, 0..255
     * @param labels  one label per image in 0..classes-1, or null for unlabelled images
     * @param height  image height
     * @param width   image width
     * @param classes number of classes, 2..65536
     * @param source  a name for messages
     * @return the images (the arrays are copied)
     * @throws InputException naming {@code source} when the sizes do not match or a label is out of range
     */
    public static Digits digits(byte[] pixels, int[] labels, int height, int width, int classes, String source) {
        requireClasses(classes);
        long image = (long) height * width;
        if (height <= 0 || width <= 0 || pixels.length % image != 0) {
            throw new InputException(source + ": " + pixels.length + " pixels are not a whole number of "
                    + height + "x" + width + " images");
        }
        try {
            return new Digits(new Dataset(pixels.clone(), labels == null ? null : labels.clone(),
                    (int) (pixels.length / image), height, width, classes, source));
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
    }

    /**
     * Trains a network on labelled images and returns the model, without printing anything.
     *
     * @param data     labelled images; the dev and test rows of {@code settings} are held out of training
     * @param settings how to train
     * @return the trained model
     */
    public static Model train(Digits data, Settings settings) {
        return train(data, settings, ProgressListener.NONE);
    }

    /**
     * Trains a network on labelled images, reporting progress to {@code listener}. The same data,
     * settings and seed give the same model, bit for bit.
     *
     * @param data     labelled images; {@code settings.devRows()} and {@code testRows()} are held out
     * @param settings how to train
     * @param listener receives progress on this thread
     * @return the trained model; its {@link Model#metrics()} hold the accuracy and loss on the train,
     *         dev and test rows
     * @throws InputException when the images have no labels
     * @throws InvalidSettingException when the held-out rows leave nothing to train on, or the network
     *                                 does not fit the images
     * @throws digitnet.train.DivergedException when the loss becomes NaN or infinite
     */
    public static Model train(Digits data, Settings settings, ProgressListener listener) {
        Dataset all = data.dataset();
        if (!all.labelled()) {
            throw new InputException(all.source() + ": has no labels; training needs labelled images");
        }
        if ((long) settings.devRows() + settings.testRows() >= all.count()) {
            throw new InvalidSettingException("Settings", "devRows", "and testRows hold out " + settings.devRows()
                    + " + " + settings.testRows() + " rows, leaving none of the " + all.count() + " to train on");
        }
        Architecture arch = settings.network().architecture(all.height(), all.width(), all.classes());
        List<digitnet.train.Progress> history = new ArrayList<>();
        TrainConfig config = settings.config(all.height(), all.width());
        Training.Outcome o = Training.run(all, settings.devRows(), settings.testRows(), config,
                listener(listener, history), null);
        TrainSettings trained = TrainSettings.of(config, all.source(), all, settings.devRows(),
                settings.testRows(), settings.preset()).withPresetDecisions(settings.presetDecisions());
        ModelInfo info = new ModelInfo(arch, all.height(), all.width(), ModelInfo.numberedLabels(all.classes()), trained,
                metrics(o));
        return new Model(o.network(), info, o.checkpoint(), "trained on " + all.source(), history);
    }

    /**
     * Loads a model file written by {@link Model#save(Path)} or {@code digitnet train}; every field is checked.
     *
     * @param file the model file
     * @return the model
     * @throws InputException naming the file and the field that is wrong
     */
    public static Model load(Path file) {
        return Model.load(file);
    }

    /**
     * Prepares a picture of a digit as MNIST was: light ink on a dark background (inverted when the
     * picture is dark on light), cropped to the ink, scaled to fit 20x20 keeping the aspect ratio, and
     * centred by its centre of mass in 28x28.
     *
     * @param image any picture of one digit
     * @return 28 x 28 = 784 pixel bytes, 0..255
     */
    public static byte[] prepare(BufferedImage image) {
        return MnistImage.fromInk(MnistImage.inkOf(image), image.getWidth(), image.getHeight());
    }

    /**
     * Reads a picture file (PNG, JPEG, or any format ImageIO reads) and prepares it as
     * {@link #prepare(BufferedImage)} does.
     *
     * @param file the picture
     * @return 784 pixel bytes, 0..255
     * @throws InputException naming the file when it is not a readable picture or is larger than 4096 pixels a side
     */
    public static byte[] preparePicture(Path file) {
        return MnistImage.read(file);
    }

    private static void requireClasses(int classes) {
        if (classes < 2 || classes > Architecture.MAX_UNITS) {
            throw new InvalidSettingException("Digitnet", "classes", "must be 2.." + Architecture.MAX_UNITS + ", got " + classes);
        }
    }

    private static TrainListener listener(ProgressListener listener, List<digitnet.train.Progress> history) {
        return new TrainListener() {
            @Override
            public void onProgress(digitnet.train.Progress p) {
                history.add(p);
                listener.onProgress(Progress.of(p));
            }

            @Override
            public void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {
                listener.onBatch(epoch, batch, batches, meanLoss, meanAccuracy);
            }
        };
    }

    // the scores the command line's train records: accuracy and loss of each split that has rows
    private static Map<String, Object> metrics(Training.Outcome o) {
        Predictor predictor = new Predictor(o.network());
        Map<String, Object> m = new LinkedHashMap<>();
        Dataset[] splits = {o.train(), o.dev(), o.test()};
        String[] names = {"train", "dev", "test"};
        for (int i = 0; i < splits.length; i++) {
            if (splits[i].count() > 0) {
                Predictor.Score s = predictor.score(splits[i]);
                m.put(names[i] + "_accuracy", s.accuracy());
                m.put(names[i] + "_loss", s.loss());
            }
        }
        return m;
    }
}
