package digitnet.app.cli;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.MnistImage;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.model.Submission;
import digitnet.nn.Predictor;
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

    @Option(names = "--data", paramLabel = "FILE",
            description = "Kaggle CSV (test.csv, or a labelled file whose label is ignored) or IDX images, raw or .gz.")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the submission CSV (with --data).")
    Path out;

    @Option(names = "--probabilities", description = "Add one probability column per class (p0..p9) to the submission.")
    boolean probabilities;

    @Option(names = "--image", arity = "1..*", paramLabel = "FILE",
            description = "Pictures of digits (PNG, JPEG), preprocessed as MNIST was: inverted when dark-on-light, "
                    + "cropped, fit to 20x20, centred by centre of mass in 28x28.")
    List<Path> images;

    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        ModelFile.Loaded loaded = ModelFile.load(model);
        return data != null ? submission(loaded) : pictures(loaded);
    }

    private void checkOptions() {
        boolean hasImages = images != null && !images.isEmpty();
        if ((data == null) == !hasImages) {
            throw new ParameterException(spec.commandLine(), "give either --data FILE --out FILE or --image FILE...");
        }
        if (hasImages && (out != null || probabilities)) {
            throw new ParameterException(spec.commandLine(), "--out and --probabilities go with --data");
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

    private int submission(ModelFile.Loaded loaded) {
        ModelInfo info = loaded.info();
        Dataset d = DataLoader.load(data, null, info.architecture().classes());
        info.requireFits(model.toString(), d);
        int[] predicted = new int[d.count()];
        float[] probs = probabilities ? new float[Math.multiplyExact(d.count(), info.architecture().classes())] : null;
        new Predictor(loaded.network()).predict(d, predicted, probs);
        Submission.write(out, predicted, probs, info.classLabels());
        PrintWriter o = spec.commandLine().getOut();
        o.printf("wrote %d predictions of %s to %s%n", d.count(), data, out);
        o.flush();
        return ExitCodes.OK;
    }

    private int pictures(ModelFile.Loaded loaded) {
        ModelInfo info = loaded.info();
        if (info.height() != MnistImage.SIZE || info.width() != MnistImage.SIZE) {
            throw new InputException(model + ": the model expects " + info.height() + "x" + info.width()
                    + " images, but pictures are converted to " + MnistImage.SIZE + "x" + MnistImage.SIZE + " MNIST digits");
        }
        int n = images.size(), f = MnistImage.SIZE * MnistImage.SIZE, k = info.architecture().classes();
        byte[] pixels = new byte[n * f];
        for (int i = 0; i < n; i++) {
            System.arraycopy(MnistImage.read(images.get(i)), 0, pixels, i * f, f);
        }
        Dataset d = new Dataset(pixels, null, n, MnistImage.SIZE, MnistImage.SIZE, k, "pictures");
        int[] predicted = new int[n];
        float[] probs = new float[n * k];
        new Predictor(loaded.network()).predict(d, predicted, probs);

        List<String> labels = info.classLabels();
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
}
