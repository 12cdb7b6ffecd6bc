package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Model;
import digitnet.api.Prediction;
import digitnet.api.Predictions;
import digitnet.data.InputException;
import digitnet.data.MnistImage;
import digitnet.model.Submission;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code digitnet predict}: a Kaggle submission for a data file, or the digit in pictures. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict digits: with --data FILE --out FILE, the Kaggle submission (ImageId,Label; ImageId "
                + "from 1, in input order); with --image FILE..., the digit and the probabilities of each picture.")
public final class PredictCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file (from train).")
    Path model;

    @Option(names = "--data", paramLabel = "FILE|DIR",
            description = "Kaggle CSV (test.csv, or a labelled file whose label is ignored) or IDX images, raw or .gz; "
                    + "or a folder of pictures in class subfolders (of a train/test folder, its test part).")
    Path data;

    @Mixin PictureOptions pictures;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the submission CSV (with --data).")
    Path out;

    @Option(names = "--probabilities", description = "Add one probability column per class (p0..p9) to the submission.")
    boolean probabilities;

    @Option(names = "--test-views",
            description = "Predict each image (with --data) as the mean of five test-time views: as it is, and moved by a step (4%% of "
                    + "the side, at least a pixel) right, left, down and up. For images of at least 12x12.")
    boolean testViews;

    @Option(names = "--image", arity = "1..*", paramLabel = "FILE",
            description = "Pictures (PNG, JPEG, BMP, GIF). For a digit model (grey, classes 0..K-1) preprocessed as MNIST "
                    + "was: inverted when dark-on-light, cropped, fit to 20x20, centred by centre of mass in 28x28; for a "
                    + "model trained on a folder of pictures resized to its size, in its channels.")
    List<Path> images;

    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Model loaded = Digitnet.load(model);
        return data != null ? submission(loaded) : pictures(loaded);
    }

    private void checkOptions() {
        boolean hasImages = images != null && !images.isEmpty();
        if ((data == null) == !hasImages) {
            throw new ParameterException(spec.commandLine(), "give either --data FILE --out FILE or --image FILE...");
        }
        if (hasImages && (out != null || probabilities || testViews)) {
            throw new ParameterException(spec.commandLine(), "--out, --probabilities and --test-views go with --data");
        }
        if (data != null && out == null) {
            throw new ParameterException(spec.commandLine(), "--data needs --out FILE for the submission");
        }
        if (data != null && sameFile(out, data)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is the input file; choose another name");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;     // cannot tell: reading or writing will report the real problem
        }
    }

    private int submission(Model loaded) {
        Predictions p = loaded.predict(PictureOptions.isFolder(data)
                ? pictures.unseen(data, null, loaded, spec.commandLine().getErr()) : Digitnet.read(data, null, loaded.classes()),
                testViews);
        Submission.write(out, p.digits(), probabilities ? p.probabilities() : null, loaded.labels());
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %d predictions of %s to %s%n", p.count(), data, out);
        o.flush();
        return ExitCodes.OK;
    }

    private int pictures(Model loaded) {
        if (!loaded.readsMnistPictures()) {
            return namedPictures(loaded);
        }
        if (loaded.height() != MnistImage.SIZE || loaded.width() != MnistImage.SIZE) {
            throw new InputException(model + ": the model expects " + loaded.height() + "x" + loaded.width()
                    + " images, but pictures are converted to " + MnistImage.SIZE + "x" + MnistImage.SIZE + " MNIST digits");
        }
        int n = images.size(), f = MnistImage.SIZE * MnistImage.SIZE, k = loaded.classes();
        byte[] pixels = new byte[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(Digitnet.preparePicture(images.get(i)), 0, pixels, i * f, f);
        }
        Predictions result = loaded.predict(Digitnet.digits(pixels, null, MnistImage.SIZE, MnistImage.SIZE, k, "pictures"));
        int[] predicted = result.digits();
        float[] probs = result.probabilities();

        List<String> labels = loaded.labels();
        int nameWidth = "image".length();
        for (Path p : images) {
            nameWidth = Math.max(nameWidth, p.toString().length());
        }
        PrintWriter o = spec.commandLine().getOut();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s  digit", "image"));
        for (String l : labels) {
            head.append(String.format(Locale.ROOT, "  %6s", l));
        }
        o.println(head);
        for (int i = 0; i < n; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s  %5s",
                    images.get(i), labels.get(predicted[i])));
            for (int c = 0; c < k; c++) {
                row.append(String.format(Locale.ROOT, "  %6.4f", probs[i * k + c]));
            }
            o.println(row);
        }
        o.flush();
        return ExitCodes.OK;
    }

    /** Pictures for a model trained on a folder: the class name and the probabilities of each. */
    private int namedPictures(Model loaded) {
        List<String> labels = loaded.labels();
        int nameWidth = "image".length(), classWidth = "class".length();
        for (Path p : images) {
            nameWidth = Math.max(nameWidth, p.toString().length());
        }
        for (String l : labels) {
            classWidth = Math.max(classWidth, l.length());
        }
        List<Prediction> predictions = new java.util.ArrayList<>();
        for (Path p : images) {
            predictions.add(loaded.predictPicture(p));
        }
        PrintWriter o = spec.commandLine().getOut();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + classWidth + "s", "image", "class"));
        for (String l : labels) {
            head.append("  ").append(l);
        }
        o.println(head);
        for (int i = 0; i < images.size(); i++) {
            Prediction p = predictions.get(i);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s  %-" + classWidth + "s",
                    images.get(i), p.label()));
            for (int c = 0; c < labels.size(); c++) {
                row.append(String.format(Locale.ROOT, "  %" + Math.max(6, labels.get(c).length()) + ".4f", p.probabilities().get(c)));
            }
            o.println(row);
        }
        o.flush();
        return ExitCodes.OK;
    }
}
