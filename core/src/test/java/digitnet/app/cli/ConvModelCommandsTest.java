package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.app.web.ModelService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A convolutional model trained by {@code train --layers}, saved, and used by {@code report} and {@code serve}. */
class ConvModelCommandsTest {
    @TempDir Path dir;

    @Test
    void reportDrawsTheFiltersAndServeOffersFeatureMapsForASavedConvModel() throws Exception {
        Path model = dir.resolve("conv.safetensors"), report = dir.resolve("report");
        Cli.Result train = Cli.run("train", "--layers", "conv:5:3,relu,maxpool:2,flatten,linear:10", "--epochs", "1",
                "--batch-size", "64", "--optimizer", "adam", "--lr", "0.002", "--model", model.toString(), "--quiet");
        assertThat(train.code()).as(train.err()).isZero();

        Cli.Result r = Cli.run("report", "--model", model.toString(), "--out", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(report.resolve("index.html"));
        assertThat(html).contains("id=\"filters\"");
        assertThat(Pattern.compile("alt=\"filter \\d+\" width=\"60\" height=\"60\"").matcher(html).results().count())
                .isEqualTo(5);

        ModelService service = new ModelService(digitnet.api.Digitnet.load(model), null, null);
        assertThat(service.hasFeatureMaps()).isTrue();
    }
}
