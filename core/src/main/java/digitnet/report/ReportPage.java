package digitnet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.eval.Evaluation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's index.html: plain HTML and inline CSS, no scripts, pictures beside it or inline. */
final class ReportPage {
    private static final String CSS = """
            body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:24px auto;max-width:1180px;color:#222;padding:0 16px}
            h1{font-size:26px;margin-bottom:4px} h2{font-size:19px;margin-top:28px;border-bottom:1px solid #ddd}
            .sub{color:#666;margin-top:0} .charts{display:flex;flex-wrap:wrap;gap:12px}
            table{border-collapse:collapse;font-size:14px} td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
            th{background:#f4f6f8} td.key{text-align:left}
            .metrics{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start}
            .big{font-size:30px;font-weight:bold} .grid{display:flex;flex-wrap:wrap;gap:6px}
            figure{margin:0;text-align:center;font-size:12px} figure img{display:block;border:1px solid #ccc}
            .wrong figcaption{color:#b00} .right figcaption{color:#070} .weights img{image-rendering:pixelated}
            .note{background:#fff8e1;border:1px solid #f0d070;padding:8px 12px}
            """;

    private final Report.Input in;
    private final Evaluation eval;
    private FirstLayerPictures weights = FirstLayerPictures.none();
    private List<Report.Sample> wrong = List.of(), right = List.of();

    ReportPage(Report.Input in, Evaluation eval) {
        this.in = in;
        this.eval = eval;
    }

    void weights(FirstLayerPictures pictures) {
        this.weights = pictures;
    }

    void galleries(List<Report.Sample> wrong, List<Report.Sample> right) {
        this.wrong = wrong;
        this.right = right;
    }

    String html() {
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>").append(esc(in.title())).append("</title><style>").append(CSS).append("</style>")
                .append("<script type=\"application/json\" id=\"evaluation\">").append(evaluationJson()).append("</script>")
                .append("</head><body>\n");
        b.append("<h1>").append(esc(in.title())).append("</h1><p class=\"sub\">network ")
                .append(esc(in.network().architecture().toString())).append(", evaluated on ")
                .append(esc(in.data().source())).append(" (").append(eval.count()).append(" images)</p>\n");
        metrics(b);
        curves(b);
        b.append("<h2>Confusion matrix</h2><img src=\"confusion.png\" alt=\"confusion matrix heatmap\" width=\"")
                .append(Charts.WIDTH).append("\"> <a href=\"confusion.svg\">SVG</a>\n");
        confusionTable(b);
        weightsSection(b);
        gallery(b, "Digits it got wrong", "wrong", wrong, eval.count() - (int) Math.round(eval.accuracy() * eval.count()));
        gallery(b, "Digits it got right", "right", right, -1);
        settings(b);
        return b.append("</body></html>\n").toString();
    }

    private void metrics(StringBuilder b) {
        b.append("<h2>Final metrics</h2><div class=\"metrics\"><div>accuracy<div class=\"big\" id=\"accuracy\">")
                .append(fmt(eval.accuracy())).append("</div></div><div>loss<div class=\"big\" id=\"loss\">")
                .append(fmt(eval.loss())).append("</div></div>");
        b.append("<table id=\"per-class\"><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>");
        for (Evaluation.ClassStats c : eval.perClass()) {
            b.append("<tr><td>").append(esc(label(c.label()))).append("</td><td>").append(fmt(c.precision()))
                    .append("</td><td>").append(fmt(c.recall())).append("</td><td>").append(fmt(c.f1()))
                    .append("</td><td>").append(c.support()).append("</td></tr>");
        }
        b.append("</table>");
        if (!in.info().metrics().isEmpty()) {
            b.append("<table id=\"saved-metrics\"><tr><th colspan=\"2\">metrics saved with the model</th></tr>");
            keyValues(b, in.info().metrics());
            b.append("</table>");
        }
        b.append("</div>\n");
    }

    private void curves(StringBuilder b) {
        b.append("<h2>Learning curves</h2>");
        if (in.history().isEmpty()) {
            b.append("<p class=\"note\" id=\"no-history\">No learning curves: this model was loaded from a file, and model ")
                    .append("files keep no training history. Run <code>./digitnet train --report DIR</code> to get them.</p>\n");
            return;
        }
        b.append("<div class=\"charts\"><figure><img src=\"loss.png\" alt=\"loss curves\" width=\"").append(Charts.WIDTH)
                .append("\"><a href=\"loss.svg\">SVG</a></figure><figure><img src=\"accuracy.png\" alt=\"accuracy curves\" width=\"")
                .append(Charts.WIDTH).append("\"><a href=\"accuracy.svg\">SVG</a></figure></div>\n");
    }

    private void confusionTable(StringBuilder b) {
        int[][] c = eval.confusion();
        b.append("<details><summary>as a table</summary><table id=\"confusion\"><tr><th>true \\ predicted</th>");
        for (int p = 0; p < c.length; p++) {
            b.append("<th>").append(esc(label(p))).append("</th>");
        }
        b.append("</tr>");
        for (int t = 0; t < c.length; t++) {
            b.append("<tr><th>").append(esc(label(t))).append("</th>");
            for (int v : c[t]) {
                b.append("<td>").append(v).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table></details>\n");
    }

    private void weightsSection(StringBuilder b) {
        b.append("<h2>First-layer weights</h2>");
        if (weights.images().isEmpty()) {
            b.append("<p class=\"note\">Not drawn: the first layer with weights is neither a convolution nor a linear ")
                    .append("layer on image pixels.</p>\n");
            return;
        }
        boolean conv = weights.kind().equals("conv");
        b.append("<p class=\"sub\">").append(conv
                ? "One picture per filter of the first convolution: the pattern it responds to (red: ink there raises "
                : "One picture per hidden unit: what it looks for in the image (red: ink there raises ")
                .append("its activation, blue: lowers it).").append(weights.total() > weights.images().size()
                        ? " The first " + weights.images().size() + " of " + weights.total() + "." : "")
                .append("</p><div class=\"grid weights\" id=\"").append(conv ? "filters" : "units").append("\">");
        String what = conv ? "filter " : "unit ";
        for (int u = 0; u < weights.images().size(); u++) {
            String caption = weights.captions().get(u);
            b.append("<figure><img src=\"").append(weights.images().get(u)).append("\" alt=\"").append(what).append(caption)
                    .append("\" width=\"").append(weights.side()).append("\" height=\"").append(weights.side()).append("\">")
                    .append(caption).append("</figure>");
        }
        b.append("</div>\n");
    }

    private void gallery(StringBuilder b, String title, String kind, List<Report.Sample> samples, int total) {
        b.append("<h2>").append(title).append("</h2>");
        if (total >= 0) {
            b.append("<p class=\"sub\">").append(total).append(" mistakes").append(total > samples.size()
                    ? "; the " + samples.size() + " most confident are shown" : "").append(".</p>");
        }
        b.append("<div class=\"grid ").append(kind).append("\" id=\"").append(kind).append("\">");
        for (Report.Sample s : samples) {
            b.append("<figure><img src=\"").append(s.image()).append("\" alt=\"image ").append(s.index())
                    .append("\" width=\"84\" height=\"84\"><figcaption>true ").append(esc(label(s.label())))
                    .append(s.label() == s.predicted() ? ", read " : " read as ").append(esc(label(s.predicted())))
                    .append("<br>").append(String.format(Locale.ROOT, "%.0f%%", 100 * s.confidence()))
                    .append("</figcaption></figure>");
        }
        b.append("</div>\n");
    }

    private void settings(StringBuilder b) {
        b.append("<h2>Settings</h2><table id=\"settings\">");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", in.network().architecture().toString());
        m.put("input", in.info().height() + "x" + in.info().width());
        m.putAll(in.info().training().toJson());
        keyValues(b, m);
        b.append("</table>\n");
    }

    private static void keyValues(StringBuilder b, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            String s = v instanceof Double || v instanceof Float ? fmt(((Number) v).doubleValue()) : String.valueOf(v);
            b.append("<tr><td class=\"key\">").append(esc(e.getKey())).append("</td><td>").append(esc(s)).append("</td></tr>");
        }
    }

    private String evaluationJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", eval.count());
        m.put("accuracy", eval.accuracy());
        m.put("loss", eval.loss());
        m.put("confusion", eval.confusion());
        try {
            return new ObjectMapper().writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers always encode", e);
        }
    }

    private String label(int c) {
        return in.info().classLabels().get(c);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
