package digitnet.api;

import digitnet.data.folder.FolderCache;
import digitnet.data.folder.FolderData;
import digitnet.data.folder.FolderReader;
import digitnet.data.folder.FolderSettings;
import digitnet.model.AtomicFile;
import java.util.ArrayList;
import java.util.List;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.data.MnistImage;
import digitnet.nn.Architecture;
import digitnet.train.BudgetStart;
import digitnet.train.HeldOutRows;
import digitnet.train.Preset;
import digitnet.train.PresetData;
import digitnet.train.ProgressListener;
import digitnet.train.Settings;
import digitnet.train.Stopping;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
 * with {@link Settings} ({@link Settings#quick()}, {@link Settings#notebook()}, or a preset sized for the data:
 * {@link #preset}, {@link #accurate}), or {@link #run} for the whole {@link TrainingRun}, and {@link #resume} to
 * go on with a saved model. Models: {@link #load(Path)}, then {@link Model#predict(byte[])},
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
     * when it exists. Raw or gzipped; the format is told by the content. A folder is read as a folder of
     * pictures with the standard options ({@link #readFolder}), its train part.
     *
     * @param file the data file, or a folder of pictures
     * @return its images
     * @throws InputException naming the file, and the line and column or byte, of what is wrong
     */
    public static Digits read(Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            return readFolder(file, FolderOptions.standard(), DecodeListener.NONE).train();
        }
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
     * Reads a folder of pictures: one subfolder per class (the class is the subfolder's name, classes in
     * sorted order, pictures at any depth below it), or {@code train/} and {@code test/} (or {@code val/})
     * each holding the class subfolders. PNG, JPEG, BMP and GIF are read (by their names' extensions),
     * other files skipped and counted in a notice. Pictures are decoded in parallel, brought to one size
     * and to 1 or 3 channels; with a cache folder, the rows are kept there and a folder whose files did
     * not change (names, sizes, modification times) is not decoded again.
     *
     * @param folder   the folder
     * @param options  channels, size, bad pictures, cache
     * @param listener told how many pictures are decoded; {@link DecodeListener#NONE} for none
     * @return the rows, with the test rows of a train/test folder apart
     * @throws InputException naming the folder or file: a corrupt, truncated or too large picture (unless
     *                        skipped), an empty class folder, a single class, a link leading out of the folder
     */
    public static PictureFolder readFolder(Path folder, FolderOptions options, DecodeListener listener) {
        FolderSettings settings = new FolderSettings(options.channels(), options.width(), options.height(),
                options.skipBadImages(), Runtime.getRuntime().availableProcessors());
        FolderCache cache = options.cache() == null ? null
                : new FolderCache(options.cache(), (file, bytes) -> AtomicFile.write(file, out -> out.write(bytes)));
        FolderData d = FolderReader.read(folder, settings, cache, listener::decoded);
        List<String> notices = new ArrayList<>(d.notices());
        if (cache != null) {
            notices.addAll(cache.problems());
        }
        return new PictureFolder(new Digits(d.train()), d.test() == null ? null : new Digits(d.test()), notices, d.cached());
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
     * A preset sized for {@code data} as the command line's {@code --preset NAME} is: optimizer steps, batch
     * size, learning rate, augmentation and early stopping chosen from the rows and the image size
     * (docs/training.md, "Presets"); seed 1. {@link Settings#preset()} says what it decided and why.
     *
     * @param preset  {@link Preset#SEED} (the notebook), {@link Preset#MLP}, {@link Preset#CNN} (images of at
     *                least 8x8) or {@link Preset#ACCURATE} (cnn when the images allow it, mlp otherwise)
     * @param data    the labelled images to train on
     * @param heldOut the dev and test rows to hold out
     * @return the settings
     * @throws InvalidSettingException when the held-out rows leave nothing to train on, or the images are
     *                                 too small for the cnn
     */
    public static Settings preset(Preset preset, Digits data, HeldOutRows heldOut) {
        return preset(preset, data, heldOut, 0);
    }

    /**
     * A preset sized for {@code data} and a time budget, as {@code --preset NAME --max-seconds S} is: cnn (and
     * accurate when it resolves to cnn) then trains the fast recipe sized to the budget on this machine
     * (docs/training.md, "Under a time budget"); the others keep their settings. The settings carry the
     * budget ({@link Settings#stopping()}).
     *
     * @param preset        as {@link #preset(Preset, Digits, HeldOutRows)} takes it
     * @param data          the labelled images to train on
     * @param heldOut       the dev and test rows to hold out
     * @param budgetSeconds the budget in seconds, 0 for none
     * @return the settings, with the budget
     * @throws InvalidSettingException when the held-out rows leave nothing to train on, or the images are
     *                                 too small for the cnn
     */
    public static Settings preset(Preset preset, Digits data, HeldOutRows heldOut, double budgetSeconds) {
        Settings s = preset.settings(PresetData.of(data.dataset(), heldOut), 1, budgetSeconds);
        return budgetSeconds > 0 && s.stopping().maxSeconds() != budgetSeconds
                ? s.withStopping(new Stopping(s.stopping().patience(), budgetSeconds)) : s;
    }

    /**
     * {@link Preset#ACCURATE} sized for {@code data}, a fifth of the rows, at most 1000, held out as dev rows.
     *
     * @param data the labelled images to train on
     * @return the settings
     */
    public static Settings accurate(Digits data) {
        return preset(Preset.ACCURATE, data, HeldOutRows.dev(Math.min(1000, data.count() / 5)));
    }

    /**
     * Trains a network on labelled images and returns the model, without printing anything.
     *
     * @param data     labelled images; the rows of {@code settings.heldOut()} are held out of training
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
     * @param data     labelled images; the rows of {@code settings.heldOut()} are held out
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
        return run(data, settings, listener).model();
    }

    /**
     * Trains as {@link #train(Digits, Settings, ProgressListener)} does and says how the run went: why it
     * stopped, its steps, epochs and seconds, its last learning rate, its progress history, the rows it
     * held out and the scores on each split. The command line's {@code train} prints this.
     *
     * @param data     labelled images; the rows of {@code settings.heldOut()} are held out
     * @param settings how to train
     * @param listener receives progress on this thread
     * @return the run, with the trained model
     * @throws InputException when the images have no labels
     * @throws InvalidSettingException when the held-out rows leave nothing to train on, or the network
     *                                 does not fit the images
     * @throws digitnet.train.DivergedException when the loss becomes NaN or infinite
     */
    public static TrainingRun run(Digits data, Settings settings, ProgressListener listener) {
        return run(data, settings, listener, null);
    }

    /**
     * As {@link #run(Digits, Settings, ProgressListener)}, with a time budget ({@code settings.stopping().maxSeconds()})
     * counted from {@code from}: the training ends so that the scoring of the rows after it, and
     * {@code from.rowsScoredAfter()} more (say, a test file the caller scores), fit in the budget too. Without
     * it (or with null) the budget is the training loop's alone; the command line's {@code train} counts it
     * from its process's start.
     *
     * @param data     labelled images; the rows of {@code settings.heldOut()} are held out
     * @param settings how to train
     * @param listener receives progress on this thread
     * @param from     where the budget began ({@link BudgetStart#now()}, {@link BudgetStart#processStart()}); null:
     *                 the budget is the training loop's
     * @return the run, with the trained model
     */
    public static TrainingRun run(Digits data, Settings settings, ProgressListener listener, BudgetStart from) {
        return TrainingRuns.run(data, settings, listener, null, from);
    }

    /**
     * Continues the training of a saved model from its weights, its optimizer state and its epoch count,
     * up to {@code settings.steps().epochs()} (full batch: {@code iterations()}) in all. A run saved after k epochs
     * and resumed up to n gives the model of one run of n epochs, bit for bit, when nothing else changed
     * (a run ended early by patience or a time budget resumes on a schedule planned for its own length).
     * The settings must be the saved run's: the same network, optimizer, seed and held-out rows, on the
     * same data (same name, rows and content); {@link #checkResume} says so before any work.
     *
     * @param saved    a model saved by {@link Model#save} or {@code digitnet train} after training in this
     *                 library (it holds the optimizer state)
     * @param data     the labelled images the saved model was trained on
     * @param settings how to go on; the same as the saved run's but for the epochs (iterations)
     * @param listener receives progress on this thread
     * @return the run, with the model trained further
     * @throws ResumeRefusedException naming the setting that differs from the saved run's
     * @throws InputException naming the model when it holds no optimizer state (or one that does not fit)
     * @throws digitnet.train.DivergedException when the loss becomes NaN or infinite
     */
    public static TrainingRun resume(Model saved, Digits data, Settings settings, ProgressListener listener) {
        return resume(saved, data, settings, listener, null);
    }

    /**
     * As {@link #resume(Model, Digits, Settings, ProgressListener)}, a time budget counted from {@code from}
     * (as {@link #run(Digits, Settings, ProgressListener, BudgetStart)} counts it).
     *
     * @param saved    the model to go on from
     * @param data     the labelled images it was trained on
     * @param settings how to go on
     * @param listener receives progress on this thread
     * @param from     where the budget began
     * @return the run, with the model trained further
     */
    public static TrainingRun resume(Model saved, Digits data, Settings settings, ProgressListener listener,
                                     BudgetStart from) {
        return TrainingRuns.run(data, settings, listener, saved, from);
    }

    /**
     * Checks that {@link #resume} with these arguments would continue the saved run, without training.
     *
     * @param saved    the saved model
     * @param data     the labelled images to go on with
     * @param settings how to go on
     * @throws ResumeRefusedException naming the setting that differs from the saved run's
     * @throws InputException when the images have no labels
     */
    public static void checkResume(Model saved, Digits data, Settings settings) {
        TrainingRuns.checkResume(saved, data, settings);
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
}
