package digitnet.eval;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import java.util.ArrayList;
import java.util.List;

/**
 * How well predictions match labels: accuracy, mean cross-entropy (from {@link Predictor}), the confusion matrix
 * (rows = true label, columns = predicted) and per-class precision, recall, F1 and support.
 */
public record Evaluation(int count, double accuracy, double loss, int[][] confusion, List<ClassStats> perClass) {

    /** One class's row of the per-class table. */
    public record ClassStats(int label, double precision, double recall, double f1, int support) {}

    /** Runs {@code network} over a labelled data set and evaluates its predictions. */
    public static Evaluation of(Network network, Dataset data) {
        return of(network, data, false);
    }

    /**
     * Runs {@code network} over a labelled data set and evaluates its predictions, each image's the mean of its
     * test-time views' probabilities when {@code views} ({@link digitnet.nn.ShiftedViews}).
     */
    public static Evaluation of(Network network, Dataset data, boolean views) {
        if (!data.labelled()) {
            throw new InputException(data.source() + ": has no labels; evaluating needs a labelled file");
        }
        int classes = network.architecture().classes();
        int[] predicted = new int[data.count()];
        double loss = new Predictor(network, views).predict(data, predicted, null);
        return of(data.labels(), predicted, loss, classes);
    }

    /**
     * @param labels    true labels, 0..classes-1
     * @param predicted predicted labels
     * @param loss      the mean cross-entropy, as {@link Predictor} computes it, or NaN when unknown
     */
    public static Evaluation of(int[] labels, int[] predicted, double loss, int classes) {
        int n = labels.length;
        if (predicted.length != n) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + n + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " or prediction " + predicted[i]
                        + " of row " + i + " is outside 0.." + (classes - 1));
            }
        }
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < n; i++) {
            confusion[labels[i]][predicted[i]]++;
        }
        int correct = 0;                    // the confusion matrix's diagonal
        for (int c = 0; c < classes; c++) {
            correct += confusion[c][c];
        }
        List<ClassStats> stats = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            int tp = confusion[c][c], support = 0, predictedAs = 0;
            for (int j = 0; j < classes; j++) {
                support += confusion[c][j];
                predictedAs += confusion[j][c];
            }
            double precision = predictedAs == 0 ? 0 : (double) tp / predictedAs;
            double recall = support == 0 ? 0 : (double) tp / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            stats.add(new ClassStats(c, precision, recall, f1, support));
        }
        double accuracy = n == 0 ? Double.NaN : (double) correct / n;
        return new Evaluation(n, accuracy, loss, confusion, List.copyOf(stats));
    }
}
