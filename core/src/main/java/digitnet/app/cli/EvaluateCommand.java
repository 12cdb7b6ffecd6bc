package digitnet.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.api.Digitnet;
import digitnet.api.Model;
import digitnet.eval.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digitnet evaluate}: accuracy, loss, confusion matrix and per-class scores of a model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model on labelled digits: accuracy, mean cross-entropy, confusion matrix "
                + "(rows = true label) and per-class precision, recall, F1 and support.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file (from train).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE|DIR",
            description = "Labelled Kaggle CSV or IDX images file, raw or .gz; or a folder of pictures with one subfolder "
                    + "per class (of a train/test folder, its test/ or val/ part is evaluated).")
    Path data;

    @Mixin PictureOptions pictures;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX labels file for IDX images. Default: the sibling file named *labels-idx1* if it exists.")
    Path labels;

    @Option(names = "--test-views",
            description = "Score each image as the mean of five test-time views: as it is, and moved by a step (4%% of "
                    + "the side, at least a pixel) right, left, down and up. For images of at least 12x12.")
    boolean testViews;

    @Option(names = "--json", description = "Print one JSON object: accuracy, loss, count, confusion, perClass.")
    boolean json;

    @Mixin CommonOptions common;

    @Override
    public Integer call() throws Exception {
        Model m = Digitnet.load(model);
        Evaluation e = m.evaluate(PictureOptions.isFolder(data) ? pictures.unseen(data, labels, m, spec.commandLine().getErr())
                : Digitnet.read(data, labels, m.classes()), testViews);
        List<String> classLabels = m.labels();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> json = toJson(e, classLabels);
            json.put("testViews", testViews);
            out.println(new ObjectMapper().writeValueAsString(json));
        } else {
            out.printf("model %s (%s) on %s: %d images%n", model, m.architecture(), data, e.count());
            out.print(EvaluationText.format(e, classLabels));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static Map<String, Object> toJson(Evaluation e, List<String> classLabels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", e.accuracy());
        m.put("loss", e.loss());
        m.put("count", e.count());
        m.put("confusion", e.confusion());
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (Evaluation.ClassStats s : e.perClass()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", classLabels.get(s.label()));
            c.put("precision", s.precision());
            c.put("recall", s.recall());
            c.put("f1", s.f1());
            c.put("support", s.support());
            perClass.add(c);
        }
        m.put("perClass", perClass);
        return m;
    }
}
