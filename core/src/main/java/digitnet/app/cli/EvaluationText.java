package digitnet.app.cli;

import digitnet.eval.Evaluation;
import java.util.List;
import java.util.Locale;

/** An evaluation as aligned text tables: the summary, the confusion matrix, the per-class scores. */
final class EvaluationText {
    private EvaluationText() {}

    static String format(Evaluation e, List<String> classLabels) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "accuracy %.4f (%d of %d)   mean cross-entropy %.4f%n%n",
                e.accuracy(), Math.round(e.accuracy() * e.count()), e.count(), e.loss()));
        int k = classLabels.size();
        int width = 5;
        for (int[] row : e.confusion()) {
            for (int v : row) {
                width = Math.max(width, Integer.toString(v).length() + 1);
            }
        }
        for (String l : classLabels) {
            width = Math.max(width, l.length() + 1);
        }
        int first = Math.max(10, longest(classLabels) + 1);
        b.append("confusion matrix (rows = true label, columns = predicted)\n");
        b.append(pad("true\\pred", first));
        for (String l : classLabels) {
            b.append(padLeft(l, width));
        }
        b.append('\n');
        for (int t = 0; t < k; t++) {
            b.append(pad(classLabels.get(t), first));
            for (int p = 0; p < k; p++) {
                b.append(padLeft(Integer.toString(e.confusion()[t][p]), width));
            }
            b.append('\n');
        }
        b.append('\n');
        b.append(pad("class", first)).append(String.format(Locale.ROOT, "%10s%10s%10s%10s%n", "precision", "recall", "f1", "support"));
        for (Evaluation.ClassStats s : e.perClass()) {
            b.append(pad(classLabels.get(s.label()), first)).append(String.format(Locale.ROOT, "%10.4f%10.4f%10.4f%10d%n",
                    s.precision(), s.recall(), s.f1(), s.support()));
        }
        return b.toString();
    }

    private static int longest(List<String> labels) {
        int n = 0;
        for (String l : labels) {
            n = Math.max(n, l.length());
        }
        return n;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
