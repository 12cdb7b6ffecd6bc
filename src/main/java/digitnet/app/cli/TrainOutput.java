package digitnet.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.nn.Predictor;
import digitnet.train.Progress;
import digitnet.train.TrainResult;
import digitnet.train.TrainSettings;
import digitnet.train.Training;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code train} says at the end: the scores of the three splits, as metrics, text or JSON. */
final class TrainOutput {
    private TrainOutput() {}

    /** The trained network's scores; dev and test are null when the run held out no such rows. */
    record Scores(Predictor.Score train, Predictor.Score dev, Predictor.Score test) {

        static Scores of(Training.Outcome outcome) {
            Predictor predictor = new Predictor(outcome.network());
            return new Scores(predictor.score(outcome.train()),
                    outcome.dev().count() > 0 ? predictor.score(outcome.dev()) : null,
                    outcome.test().count() > 0 ? predictor.score(outcome.test()) : null);
        }

        /** The model file's {@code metrics}. */
        Map<String, Object> metrics() {
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "train", train);
            put(m, "dev", dev);
            put(m, "test", test);
            return m;
        }

        private static void put(Map<String, Object> m, String split, Predictor.Score s) {
            if (s != null) {
                m.put(split + "_accuracy", s.accuracy());
                m.put(split + "_loss", s.loss());
            }
        }
    }

    /** The human summary: how the run ended, the three scores, where things were written. */
    static void printText(PrintWriter out, TrainResult r, boolean fullBatch, Scores s, double allSeconds, Path model,
                          Path report) {
        out.printf(Locale.ROOT, "done: %d iterations in %.2f s (training loop), %.2f s in all; %s%s%n",
                r.iterations(), r.trainSeconds(), allSeconds, howItEnded(r),
                r.bestEpoch() < 0 ? "" : ", kept the weights of " + (fullBatch ? "iteration " : "epoch ") + r.bestEpoch());
        out.printf(Locale.ROOT, "train accuracy %.4f (loss %.4f)%s%s%n", s.train().accuracy(), s.train().loss(),
                s.dev() == null ? "" : String.format(Locale.ROOT, ", dev accuracy %.4f (loss %.4f)",
                        s.dev().accuracy(), s.dev().loss()),
                s.test() == null ? "" : String.format(Locale.ROOT, ", test accuracy %.4f (loss %.4f)",
                        s.test().accuracy(), s.test().loss()));
        out.println("model saved to " + model);
        if (report != null) {
            out.println("report written to " + report.resolve("index.html"));
        }
    }

    /** Why the run stopped, in words; the end of a time budget is a normal end, said as plainly as the others. */
    static String howItEnded(TrainResult r) {
        return switch (r.stopReason()) {
            case COMPLETED -> "stopped: completed";
            case PATIENCE -> "stopped: patience";
            case BUDGET -> String.format(Locale.ROOT, "ended at the time budget, learning rate annealed to %.3g",
                    r.lastLearningRate());
        };
    }

    /** The --json summary: one object on one line. */
    static void printJson(PrintWriter out, TrainResult r, Scores s, TrainSettings settings, Path model)
            throws JsonProcessingException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trainAccuracy", s.train().accuracy());
        summary.put("devAccuracy", s.dev() == null ? null : s.dev().accuracy());
        summary.put("testAccuracy", s.test() == null ? null : s.test().accuracy());
        summary.put("trainLoss", s.train().loss());
        summary.put("devLoss", s.dev() == null ? null : s.dev().loss());
        summary.put("testLoss", s.test() == null ? null : s.test().loss());
        summary.put("iterations", r.iterations());
        summary.put("epochs", r.epochsDone());
        summary.put("bestEpoch", r.bestEpoch() < 0 ? null : r.bestEpoch());
        summary.put("stopReason", r.stopReason().id());
        summary.put("trainSeconds", r.trainSeconds());
        summary.put("lastLearningRate", Double.isNaN(r.lastLearningRate()) ? null : r.lastLearningRate());
        summary.put("model", model.toString());
        summary.put("settings", settings.toJson());
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
