package digitnet.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.api.Score;
import digitnet.api.TrainingRun;
import digitnet.eval.Evaluation;
import digitnet.train.Progress;
import digitnet.train.StopReason;
import digitnet.train.TrainResult;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code train} says at the end of a {@link TrainingRun}: how it ended and the scores of the three splits, as text or JSON. */
final class TrainOutput {
    private TrainOutput() {}

    /**
     * The human summary: how the run ended, the three scores, where things were written.
     *
     * @param constantRate whether the schedule keeps the learning rate constant (a budget then anneals nothing)
     */
    static void printText(PrintWriter out, TrainingRun r, boolean fullBatch, boolean constantRate, double allSeconds,
                          Path model, Path report) {
        out.printf(Locale.ROOT, "done: %d iterations in %.2f s (training loop), %.2f s in all; %s%s%n",
                r.steps(), r.trainSeconds(), allSeconds, howItEnded(r.stopReason(), r.lastLearningRate(), constantRate),
                r.bestEpoch() < 0 ? "" : ", kept the weights of " + (fullBatch ? "iteration " : "epoch ") + r.bestEpoch());
        Score dev = r.dev(), test = r.test();
        out.printf(Locale.ROOT, "train accuracy %.4f (loss %.4f)%s%s%n", r.train().accuracy(), r.train().loss(),
                dev == null ? "" : String.format(Locale.ROOT, ", dev accuracy %.4f (loss %.4f)", dev.accuracy(), dev.loss()),
                test == null ? "" : String.format(Locale.ROOT, ", test accuracy %.4f (loss %.4f)", test.accuracy(), test.loss()));
        out.println("model saved to " + model);
        if (report != null) {
            out.println("report written to " + report.resolve("index.html"));
        }
    }

    /**
     * One line on {@code err} when a time budget was spent by the end of the loop's first step (which is always
     * taken): the model has one step, and the user is told so rather than left to take it for a finished run.
     */
    static void noteBudgetSpentEarly(PrintWriter err, TrainingRun r, double maxSeconds) {
        if (r.stopReason() == StopReason.BUDGET && r.steps() == 1) {
            err.printf(Locale.ROOT, "note: the --max-seconds budget of %s s was spent by the end of the first training "
                    + "step (reading the data and sizing the network count too); the model has one training step: "
                    + "give a larger budget%n", new BigDecimal(Double.toString(maxSeconds)).stripTrailingZeros().toPlainString());
            err.flush();
        }
    }

    /** Why the run stopped, in words; the end of a time budget is a normal end, said as plainly as the others. */
    static String howItEnded(StopReason reason, double lastLearningRate, boolean constantRate) {
        return switch (reason) {
            case COMPLETED -> "stopped: completed";
            case PATIENCE -> "stopped: patience";
            case BUDGET -> String.format(Locale.ROOT, constantRate ? "ended at the time budget, learning rate %.3g (constant)"
                    : "ended at the time budget, learning rate annealed to %.3g", lastLearningRate);
        };
    }

    /** The same, for the training loop's own result under a schedule that changes the rate. */
    static String howItEnded(TrainResult r) {
        return howItEnded(r.stopReason(), r.lastLearningRate(), false);
    }

    /** The --json summary: one object on one line; {@code settings} is how the model file records the run. */
    /**
     * @param testSource the untouched test rows' name (--test-data or a folder's test part), null for none
     * @param test       their scores, null for none
     */
    static void printJson(PrintWriter out, TrainingRun r, Map<String, Object> settings, Path model, String testSource,
                          Evaluation test, boolean testViews) throws JsonProcessingException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trainAccuracy", r.train().accuracy());
        summary.put("devAccuracy", r.dev() == null ? null : r.dev().accuracy());
        summary.put("testAccuracy", r.test() == null ? null : r.test().accuracy());
        summary.put("trainLoss", r.train().loss());
        summary.put("devLoss", r.dev() == null ? null : r.dev().loss());
        summary.put("testLoss", r.test() == null ? null : r.test().loss());
        Map<String, Object> untouched = null;
        if (test != null) {
            untouched = new LinkedHashMap<>();
            untouched.put("source", testSource);
            untouched.put("accuracy", test.accuracy());
            untouched.put("loss", test.loss());
            untouched.put("count", test.count());
            untouched.put("testViews", testViews);
        }
        summary.put("untouchedTest", untouched);
        summary.put("iterations", r.steps());
        summary.put("epochs", r.epochs());
        summary.put("bestEpoch", r.bestEpoch() < 0 ? null : r.bestEpoch());
        summary.put("stopReason", r.stopReason().id());
        summary.put("trainSeconds", r.trainSeconds());
        summary.put("lastLearningRate", Double.isNaN(r.lastLearningRate()) ? null : r.lastLearningRate());
        summary.put("model", model.toString());
        summary.put("settings", settings);
        summary.put("history", historyJson(r.history()));
        out.println(new ObjectMapper().writeValueAsString(summary));
    }

    /** The per-report curve: NaN (no dev set) becomes null so that the output stays valid JSON. */
    private static List<Map<String, Object>> historyJson(List<Progress> history) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Progress p : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iteration", p.iteration());
            m.put("epoch", p.epoch());
            m.put("trainLoss", p.trainLoss());
            m.put("trainAccuracy", p.trainAccuracy());
            m.put("devLoss", Double.isNaN(p.devLoss()) ? null : p.devLoss());
            m.put("devAccuracy", Double.isNaN(p.devAccuracy()) ? null : p.devAccuracy());
            m.put("seconds", p.seconds());
            rows.add(m);
        }
        return rows;
    }
}
