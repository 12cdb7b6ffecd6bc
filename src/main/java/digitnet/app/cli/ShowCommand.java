package digitnet.app.cli;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.nn.Predictor;
import java.io.PrintWriter;
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

/** {@code digitnet show}: one digit drawn in the terminal, with its label and a model's prediction. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw one image of a data file in the terminal, with its label and, given a model, "
                + "the prediction and the probabilities.")
public final class ShowCommand implements Callable<Integer> {
    /** From blank to full ink. */
    static final String RAMP = " .:-=+*#%@";

    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Kaggle CSV or IDX images file, raw or .gz. Default: the embedded sample.")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file for IDX images.")
    Path labels;

    @Option(names = "--index", required = true, paramLabel = "N", description = "Which image, counting from 0.")
    int index;

    @Option(names = "--model", paramLabel = "FILE", description = "A model file: also print its prediction.")
    Path model;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        ModelFile.Loaded loaded = model == null ? null : ModelFile.load(model);
        int classes = loaded == null ? DataLoader.DEFAULT_CLASSES : loaded.info().architecture().classes();
        Dataset d;
        if (data == null) {
            if (labels != null) {
                throw new ParameterException(spec.commandLine(), "--labels needs --data");
            }
            d = DataLoader.embeddedSample();
        } else {
            d = DataLoader.load(data, labels, classes);
        }
        if (index < 0 || index >= d.count()) {
            throw new ParameterException(spec.commandLine(), "--index " + index + " is outside 0.."
                    + (d.count() - 1) + " (" + d.source() + " holds " + d.count() + " images)");
        }
        if (loaded != null) {
            loaded.info().requireFits(model.toString(), d);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("image %d of %s (%s)%s%n", index, d.source(), d.shape(),
                d.labelled() ? ", label " + d.labels()[index] : ", no label");
        out.print(draw(d, index));
        if (loaded != null) {
            Dataset one = d.subset(new int[] {index}, d.source());
            int k = loaded.info().architecture().classes();
            int[] predicted = new int[1];
            float[] probs = new float[k];
            new Predictor(loaded.network()).predict(one, predicted, probs);
            List<String> names = loaded.info().classLabels();
            out.printf(Locale.ROOT, "prediction %s (probability %.4f)%n", names.get(predicted[0]), probs[predicted[0]]);
            StringBuilder b = new StringBuilder("probabilities");
            for (int c = 0; c < k; c++) {
                b.append(String.format(Locale.ROOT, "  %s: %.4f", names.get(c), probs[c]));
            }
            out.println(b);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The image as text, two characters per pixel so that it keeps its aspect ratio, in a frame. */
    static String draw(Dataset d, int i) {
        StringBuilder b = new StringBuilder();
        String edge = "+" + "-".repeat(2 * d.width()) + "+\n";
        b.append(edge);
        for (int y = 0; y < d.height(); y++) {
            b.append('|');
            for (int x = 0; x < d.width(); x++) {
                char c = RAMP.charAt(d.pixel(i, y * d.width() + x) * (RAMP.length() - 1) / 255);
                b.append(c).append(c);
            }
            b.append("|\n");
        }
        return b.append(edge).toString();
    }
}
