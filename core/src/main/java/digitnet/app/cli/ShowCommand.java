package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import digitnet.api.Prediction;
import digitnet.data.InputException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Option(names = "--data", paramLabel = "FILE|DIR",
            description = "Kaggle CSV or IDX images file, raw or .gz, or a folder of pictures in class subfolders "
                    + "(its train part). Default: the embedded sample.")
    Path data;

    @Mixin PictureOptions pictures;

    @Option(names = "--labels", paramLabel = "FILE", description = "IDX labels file for IDX images.")
    Path labels;

    @Option(names = "--index", required = true, paramLabel = "N", description = "Which image, counting from 0.")
    int index;

    @Option(names = "--model", paramLabel = "FILE", description = "A model file: also print its prediction.")
    Path model;

    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        Model m = model == null ? null : Digitnet.load(model);
        Digits d;
        if (data == null) {
            if (labels != null) {
                throw new ParameterException(spec.commandLine(), "--labels needs --data");
            }
            d = Digitnet.sample();
        } else {
            d = PictureOptions.isFolder(data) ? pictures.read(data, null, m, spec.commandLine().getErr()).train()
                    : Digitnet.read(data, labels, m == null ? Digitnet.DIGITS : m.classes());
        }
        if (index < 0 || index >= d.count()) {
            throw new ParameterException(spec.commandLine(), "--index " + index + " is outside 0.."
                    + (d.count() - 1) + " (" + d.source() + " holds " + d.count() + " images)");
        }
        if (m != null && (d.height() != m.height() || d.width() != m.width() || d.channels() != m.channels())) {
            throw new InputException(d.source() + ": images are " + d.height() + "x" + d.width() + " (" + d.height() * d.width()
                    + " pixels) but the model " + model + " expects " + m.height() + "x" + m.width() + " ("
                    + m.height() * m.width() + " pixels)");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("image %d of %s (%s)%s%n", index, d.source(), d.shape(),
                d.labelled() ? ", label " + d.classNames().get(d.label(index)) : ", no label");
        out.print(draw(d, index));
        if (m != null) {
            Prediction p = m.predict(d.image(index));
            out.printf(Locale.ROOT, "prediction %s (probability %.4f)%n", p.label(), p.probabilities().get(p.digit()));
            StringBuilder b = new StringBuilder("probabilities");
            for (int c = 0; c < m.classes(); c++) {
                b.append(String.format(Locale.ROOT, "  %s: %.4f", m.labels().get(c), p.probabilities().get(c)));
            }
            out.println(b);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The image as text (a colour image by its luma), two characters per pixel so that it keeps its aspect ratio, in a frame. */
    static String draw(Digits d, int i) {
        byte[] image = d.image(i);
        StringBuilder b = new StringBuilder();
        String edge = "+" + "-".repeat(2 * d.width()) + "+\n";
        b.append(edge);
        for (int y = 0; y < d.height(); y++) {
            b.append('|');
            for (int x = 0; x < d.width(); x++) {
                char c = RAMP.charAt(grey(image, d, y * d.width() + x) * (RAMP.length() - 1) / 255);
                b.append(c).append(c);
            }
            b.append("|\n");
        }
        return b.append(edge).toString();
    }

    private static int grey(byte[] image, Digits d, int at) {
        if (d.channels() == 1) {
            return image[at] & 0xFF;
        }
        int area = d.height() * d.width();
        return Math.round(0.299f * (image[at] & 0xFF) + 0.587f * (image[area + at] & 0xFF) + 0.114f * (image[2 * area + at] & 0xFF));
    }
}
