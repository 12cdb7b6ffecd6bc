package digitnet.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.eval.Evaluation;
import digitnet.model.OutputException;
import digitnet.nn.Predictor;
import digitnet.testing.SmallModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: its files exist and are valid, and its numbers are the evaluation's. */
class ReportTest {
    final SmallModel model = SmallModel.get();
    @TempDir Path dir;

    /** The evaluation computed independently of the report, on the same data. */
    static Evaluation evaluate(SmallModel m, Dataset d) {
        int[] predicted = new int[d.count()];
        float[] probs = new float[d.count() * 10];
        double loss = new Predictor(m.outcome.network()).predict(d, predicted, probs);
        return Evaluation.of(d.labels(), predicted, loss, 10);
    }

    @Test
    void reportWithHistoryHasValidChartsAndTheEvaluationsNumbers() throws Exception {
        Dataset dev = model.outcome.dev();
        Evaluation returned = Report.write(dir, new Report.Input("test report", model.outcome.network(), model.info, dev,
                model.outcome.result().history()));
        Evaluation expected = evaluate(model, dev);
        assertThat(returned.accuracy()).isEqualTo(expected.accuracy());

        for (String chart : List.of("loss", "accuracy", "confusion")) {
            BufferedImage png = ImageIO.read(dir.resolve(chart + ".png").toFile());
            assertThat(png).as(chart).isNotNull();
            assertThat(png.getWidth()).isEqualTo(Charts.WIDTH);
            String svg = Files.readString(dir.resolve(chart + ".svg"));
            assertThat(svg).contains("<svg");
            assertThat(svg.strip()).endsWith("</svg>");
        }
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("src=\"loss.png\"", "src=\"accuracy.png\"",
                "src=\"confusion.png\"").doesNotContain("id=\"no-history\"");

        JsonNode json = new ObjectMapper().readTree(between(html, "<script type=\"application/json\" id=\"evaluation\">", "</script>"));
        assertThat(json.get("count").asInt()).isEqualTo(expected.count()).isEqualTo(1000);
        assertThat(json.get("accuracy").asDouble()).isEqualTo(expected.accuracy());
        assertThat(json.get("loss").asDouble()).isEqualTo(expected.loss());
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                assertThat(json.get("confusion").get(t).get(p).asInt()).isEqualTo(expected.confusion()[t][p]);
            }
        }
        // the visible numbers
        assertThat(between(html, "id=\"accuracy\">", "<")).isEqualTo(String.format(Locale.ROOT, "%.4f", expected.accuracy()));
        assertThat(between(html, "id=\"loss\">", "<")).isEqualTo(String.format(Locale.ROOT, "%.4f", expected.loss()));
        String table = between(html, "<table id=\"confusion\">", "</table>");
        Matcher cells = Pattern.compile("<td>(\\d+)</td>").matcher(table);
        for (int t = 0; t < 10; t++) {
            for (int p = 0; p < 10; p++) {
                assertThat(cells.find()).isTrue();
                assertThat(Integer.parseInt(cells.group(1))).isEqualTo(expected.confusion()[t][p]);
            }
        }
        String perClass = between(html, "<table id=\"per-class\">", "</table>");
        Evaluation.ClassStats three = expected.perClass().get(3);
        assertThat(perClass).contains(String.format(Locale.ROOT, "<tr><td>3</td><td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>",
                three.precision(), three.recall(), three.f1(), three.support()));

        // galleries: every wrong digit shown is a real mistake with its true and predicted label
        int mistakes = expected.count() - (int) Math.round(expected.accuracy() * expected.count());
        assertThat(html).contains(mistakes + " mistakes");
        Matcher wrong = Pattern.compile("alt=\"image (\\d+)\" width=\"84\" height=\"84\"><figcaption>true (\\d) read as (\\d)")
                .matcher(between(html, "id=\"wrong\">", "</div>"));
        int shown = 0;
        int[] predicted = new int[dev.count()];
        new Predictor(model.outcome.network()).predict(dev, predicted, null);
        while (wrong.find()) {
            int i = Integer.parseInt(wrong.group(1));
            assertThat(Integer.parseInt(wrong.group(2))).isEqualTo(dev.labels()[i]);
            assertThat(Integer.parseInt(wrong.group(3))).isEqualTo(predicted[i]).isNotEqualTo(dev.labels()[i]);
            shown++;
        }
        assertThat(shown).isEqualTo(Math.min(mistakes, Report.MAX_WRONG));
        assertThat(Pattern.compile("figcaption>true \\d, read \\d").matcher(html).results().count()).isEqualTo(Report.MAX_RIGHT);

        // one weight picture per hidden unit, each a valid 84x84 PNG
        Matcher uris = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" alt=\"unit (\\d+)\"").matcher(html);
        int units = 0;
        while (uris.find()) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(uris.group(1))));
            assertThat(img.getWidth()).isEqualTo(84);
            assertThat(Integer.parseInt(uris.group(2))).isEqualTo(units++);
        }
        assertThat(units).isEqualTo(32);
        assertThat(html).contains("<td class=\"key\">dev_rows</td><td>1000</td>");
    }

    @Test
    void reportWithoutHistorySaysSoAndDrawsNoCurves() throws Exception {
        Dataset dev = model.outcome.dev();
        Report.write(dir, new Report.Input("no history", model.outcome.network(), model.info, dev, List.of()));
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("id=\"no-history\"", "keep no training history").doesNotContain("loss.png");
        assertThat(dir.resolve("loss.png")).doesNotExist();
        assertThat(ImageIO.read(dir.resolve("confusion.png").toFile())).isNotNull();
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void unwritableDirectoryIsAnOutputError() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> Report.write(file.resolve("sub"), new Report.Input("t", model.outcome.network(), model.info,
                model.outcome.dev(), List.of()))).isInstanceOf(OutputException.class).hasMessageContaining("a-file");
    }

    @Test
    void heldOutRowsAreTheTrainingRunsDevSet() {
        Dataset again = HeldOut.devRows(model.info, digitnet.data.DataLoader.embeddedSample(),
                digitnet.data.DataLoader.SAMPLE_NAME).orElseThrow();
        assertThat(again.pixels()).isEqualTo(model.outcome.dev().pixels());
        assertThat(again.labels()).isEqualTo(model.outcome.dev().labels());
        assertThat(HeldOut.devRows(model.info, model.outcome.dev(), digitnet.data.DataLoader.SAMPLE_NAME)).isEmpty();
        assertThat(HeldOut.devRows(model.info, digitnet.data.DataLoader.embeddedSample(), "other.csv")).isEmpty();
    }

    @Test
    void weightPicturesMapSignToColour() throws Exception {
        float[] w = {1f, -1f, 0f, 0.5f};
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(DigitPictures.weights(w, 0, 2, 2, 1)));
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(img.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(img.getRGB(0, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF);
        assertThat(img.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFF8080);
    }

    static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertThat(a).as("'" + from + "' in the page").isGreaterThanOrEqualTo(0);
        int b = s.indexOf(to, a + from.length());
        return s.substring(a + from.length(), b);
    }
}
