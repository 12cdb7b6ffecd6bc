package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train --report / --quiet / --progress, and the report and serve verbs, through the command line. */
class ReportAndServeCommandsTest {
    @TempDir Path dir;
    final StringWriter out = new StringWriter(), err = new StringWriter();

    int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    @Test
    void trainWritesTheReportAndQuietPrintsOnlyTheSummary() throws Exception {
        Path model = dir.resolve("m.safetensors"), report = dir.resolve("rep");
        int code = run("train", "--hidden", "16", "--init", "he", "--batch-size", "64", "--epochs", "2", "--lr", "0.1",
                "--model", model.toString(), "--report", report.toString(), "--quiet");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).doesNotContain("epoch ", "data:").contains("dev accuracy", "report written to");
        assertThat(ImageIO.read(report.resolve("loss.png").toFile())).isNotNull();
        assertThat(Files.readString(report.resolve("index.html"))).contains("Learning curves", "src=\"accuracy.png\"");

        // the report verb on the saved model finds its dev rows again and agrees with the training summary
        out.getBuffer().setLength(0);
        Path again = dir.resolve("again");
        assertThat(run("report", "--model", model.toString(), "--out", again.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("(dev): accuracy", "on 1000 images");
        String html = Files.readString(again.resolve("index.html"));
        assertThat(html).contains("id=\"no-history\"");
        String devAccuracy = ReportTestSupport.between(html, "id=\"accuracy\">", "<");
        assertThat(Files.readString(report.resolve("index.html"))).contains("id=\"accuracy\">" + devAccuracy + "<");
    }

    @Test
    void progressLinesAreThePlainFallback() {
        int code = run("train", "--hidden", "8", "--batch-size", "100", "--epochs", "2", "--lr", "0.1", "--init", "he",
                "--model", dir.resolve("m.safetensors").toString(), "--progress", "lines");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("epoch   1  loss", "epoch   2  loss").doesNotContain("\r");
    }

    @Test
    void reportAndServeRejectBadModelsWithExitCodes() throws Exception {
        assertThat(run("report", "--model", dir.resolve("missing.safetensors").toString(), "--out", dir.toString()))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("missing.safetensors");
        Path junk = Files.writeString(dir.resolve("junk.safetensors"), "not a model");
        assertThat(run("serve", "--model", junk.toString(), "--port", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("serve", "--port", "70000", "--model", junk.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("report", "--model", junk.toString())).isEqualTo(ExitCodes.USAGE);   // --out is required
    }
}
