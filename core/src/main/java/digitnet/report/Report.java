package digitnet.report;

import digitnet.data.Dataset;
import digitnet.eval.Evaluation;
import digitnet.model.AtomicFile;
import digitnet.model.ModelInfo;
import digitnet.model.OutputException;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.train.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.style.Styler;

/**
 * The training report: evaluates a network on labelled data and writes {@code index.html} with
 * the curves, the confusion matrix, the first layer's weights (hidden units or convolution
 * filters, see {@link FirstLayerPictures}) and galleries of right and wrong
 * digits, plus the charts as PNG and SVG files beside it. Every file is written atomically.
 */
public final class Report {
    /** Most mistakes and correct digits shown in the galleries. */
    public static final int MAX_WRONG = 48, MAX_RIGHT = 24;

    /**
     * What a report shows.
     *
     * @param title   heading of the page
     * @param data    labelled images to evaluate on (the dev set, or a file given to {@code report})
     * @param history progress records of the training run; empty for a model loaded from a file
     */
    public record Input(String title, Network network, ModelInfo info, Dataset data, List<Progress> history) {
        public Input {
            history = List.copyOf(history);
        }
    }

    /** One digit of a gallery. */
    record Sample(int index, int label, int predicted, double confidence, String image) {}

    private Report() {}

    /** Writes the report into {@code dir} (created if missing) and returns the evaluation it shows. */
    public static Evaluation write(Path dir, Input in) {
        Dataset d = in.data();
        if (!d.labelled() || d.count() == 0) {
            throw new digitnet.data.InputException(d.source() + ": a report needs labelled images");
        }
        int k = in.network().architecture().classes();
        int[] predicted = new int[d.count()];
        float[] probs = new float[d.count() * k];
        double loss = new Predictor(in.network()).predict(d, predicted, probs);
        Evaluation eval = Evaluation.of(d.labels(), predicted, loss, k);

        createDirectory(dir);
        ReportPage page = new ReportPage(in, eval);
        if (in.history().isEmpty()) {
            deleteStale(dir, "loss", "accuracy");       // curves of an earlier report in this directory
        } else {
            List<Progress> h = in.history();
            boolean byEpoch = h.get(h.size() - 1).epoch() > 0;
            double[] x = new double[h.size()];
            double[] trainLoss = new double[h.size()], devLoss = new double[h.size()];
            double[] trainAcc = new double[h.size()], devAcc = new double[h.size()];
            for (int i = 0; i < h.size(); i++) {
                Progress p = h.get(i);
                x[i] = byEpoch ? p.epoch() : p.iteration();
                trainLoss[i] = p.trainLoss();
                devLoss[i] = p.devLoss();
                trainAcc[i] = p.trainAccuracy();
                devAcc[i] = p.devAccuracy();
            }
            String xTitle = byEpoch ? "epoch" : "iteration";
            writeChart(dir, "loss", Charts.curves("Loss (cross-entropy)", xTitle, "loss", x, trainLoss, devLoss,
                    Styler.LegendPosition.InsideNE));
            writeChart(dir, "accuracy", Charts.curves("Accuracy", xTitle, "accuracy", x, trainAcc, devAcc,
                    Styler.LegendPosition.InsideSE));
        }
        writeChart(dir, "confusion", Charts.confusion(eval.confusion(), in.info().classLabels()));
        page.weights(FirstLayerPictures.of(in.network(), in.info().height(), in.info().width()));
        page.galleries(samples(d, predicted, probs, k, false, MAX_WRONG), samples(d, predicted, probs, k, true, MAX_RIGHT));
        byte[] html = page.html().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(dir.resolve("index.html"), out -> out.write(html));
        return eval;
    }

    /** Wrong digits, most confident mistakes first; or correct ones, in data order. */
    static List<Sample> samples(Dataset d, int[] predicted, float[] probs, int k, boolean correct, int max) {
        List<Sample> all = new ArrayList<>();
        for (int i = 0; i < d.count(); i++) {
            if ((predicted[i] == d.labels()[i]) == correct) {
                all.add(new Sample(i, d.labels()[i], predicted[i], probs[i * k + predicted[i]], null));
            }
            if (correct && all.size() == max) {
                break;
            }
        }
        if (!correct) {
            all.sort(Comparator.comparingDouble(Sample::confidence).reversed());
        }
        List<Sample> shown = new ArrayList<>();
        for (Sample s : all.subList(0, Math.min(max, all.size()))) {
            String img = DigitPictures.dataUri(DigitPictures.picture(d.pixels(), s.index() * d.features(),
                    d.channels(), d.height(), d.width(), 3));
            shown.add(new Sample(s.index(), s.label(), s.predicted(), s.confidence(), img));
        }
        return shown;
    }

    private static void writeChart(Path dir, String name, Charts.Encoded chart) {
        AtomicFile.write(dir.resolve(name + ".png"), out -> out.write(chart.png()));
        AtomicFile.write(dir.resolve(name + ".svg"), out -> out.write(chart.svg()));
    }

    private static void deleteStale(Path dir, String... charts) {
        try {
            for (String c : charts) {
                Files.deleteIfExists(dir.resolve(c + ".png"));
                Files.deleteIfExists(dir.resolve(c + ".svg"));
            }
        } catch (IOException e) {
            throw new OutputException("cannot remove an old chart in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OutputException("cannot create report directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
