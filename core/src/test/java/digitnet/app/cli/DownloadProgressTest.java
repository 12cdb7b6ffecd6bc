package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.download.FileSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The download bar and lines. */
class DownloadProgressTest {
    @Test
    void theBarShowsShareSizesRateAndEta() {
        assertThat(DownloadProgress.bar("f.gz", 5_000_000, 10_000_000, 1_000_000))
                .isEqualTo("f.gz [############............]  50%  5.0/10.0 MB  1.0 MB/s  ETA 0:05");
        assertThat(DownloadProgress.bar("f.gz", 2_500_000, -1, 500_000)).isEqualTo("f.gz 2.5 MB  0.5 MB/s");
    }

    @Test
    void linesModeDrawsNoBarAndQuietPrintsNothing() {
        FileSpec file = FileSpec.md5("f.gz", 10, "0".repeat(32));
        StringWriter lines = new StringWriter(), quiet = new StringWriter();
        for (var w : new StringWriter[] {lines, quiet}) {
            DownloadProgress p = new DownloadProgress(new PrintWriter(w, true),
                    w == lines ? DownloadProgress.Mode.LINES : DownloadProgress.Mode.QUIET);
            p.started(file, URI.create("http://m/f.gz"), 4, 10);
            p.progress(file, 10, 10);
            p.saved(file, Path.of("f.gz"));
        }
        assertThat(lines.toString()).isEqualTo(String.format("f.gz: from http://m/f.gz (resuming at byte 4)%n"
                + "f.gz: saved and verified (MD5 and size)%n"));
        assertThat(quiet.toString()).isEmpty();
    }
}
