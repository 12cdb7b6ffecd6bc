package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.download.Catalogue;
import digitnet.testing.LoopbackMirror;
import digitnet.testing.TinyDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code digitnet download} and {@code train --data NAME} against a loopback mirror. */
@Timeout(120)
class DownloadCommandTest {
    static final Map<String, byte[]> FILES = TinyDataset.files(300, 20);

    @TempDir Path dir;
    LoopbackMirror mirror;

    @BeforeEach
    void startMirror() throws IOException {
        mirror = LoopbackMirror.start();
        FILES.forEach(mirror::serve);
    }

    @AfterEach
    void stopMirror() {
        mirror.close();
    }

    /** Runs {@code digitnet ARGS} with the tiny data set added to the download command's catalogue. */
    Cli.Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        ((DownloadCommand) cmd.getSubcommands().get("download").getCommand()).catalogue =
                Catalogue.standard().with(TinyDataset.entry(FILES, List.of(mirror.base())));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Cli.Result(code, out.toString(), err.toString());
    }

    List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDataSetIsDownloadedThenTrainReadsItByName() throws IOException {
        Cli.Result r = run("download", TinyDataset.NAME, "--dir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("tiny: 4 files verified in " + dir.resolve("tiny"));
        assertThat(filesIn(dir.resolve("tiny"))).containsExactly(Catalogue.TEST_IMAGES, Catalogue.TEST_LABELS,
                Catalogue.TRAIN_IMAGES, Catalogue.TRAIN_LABELS);

        Cli.Result again = run("download", TinyDataset.NAME, "--dir", dir.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(mirror.requests()).isEqualTo(4);
        assertThat(again.out()).contains(Catalogue.TRAIN_IMAGES + ": present and verified, not downloaded");

        Path model = dir.resolve("m.safetensors");
        Cli.Result train = Cli.run("train", "--data", TinyDataset.NAME, "--data-dir", dir.toString(), "--dev", "50",
                "--hidden", "16", "--iterations", "5", "--model", model.toString());
        assertThat(train.code()).as(train.err()).isZero();
        // the train-* files only: 300 rows, of which 50 are held out
        assertThat(train.out()).contains("data: tiny, 300 images of 28x28");
        assertThat(model).isRegularFile();
    }

    @Test
    void trainOnADataSetNotDownloadedSaysHowToGetIt() {
        Cli.Result r = Cli.run("train", "--data", "mnist", "--data-dir", dir.toString(), "--iterations", "1");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.errLines()).isEqualTo(1);
        assertThat(r.err()).contains("mnist: not downloaded").contains("run: digitnet download mnist --dir " + dir);
    }

    @Test
    void theRealCatalogueRefusesAMirrorServingOtherFiles() throws IOException {
        Cli.Result r = run("download", "mnist", "--dir", dir.toString(), "--mirror", mirror.base().toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.errLines()).isEqualTo(1);
        assertThat(r.err()).contains(Catalogue.TRAIN_IMAGES + ": no source gave it: " + mirror.url(Catalogue.TRAIN_IMAGES)
                + ": announces " + FILES.get(Catalogue.TRAIN_IMAGES).length + " bytes, not the 9912422 published");
        assertThat(filesIn(dir.resolve("mnist"))).isEmpty();
    }

    @Test
    void aUrlIsSavedUnderItsFileNameWhenItsSha256Matches() throws IOException {
        byte[] content = FILES.get(Catalogue.TRAIN_LABELS);
        mirror.serve("labels.gz", content);
        String url = mirror.url("labels.gz").toString();
        Cli.Result r = run("download", "--url", url, "--sha256", TinyDataset.sha256(content), "--dir", dir.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("labels.gz"))).isEqualTo(content);
        int requests = mirror.requests();
        Cli.Result again = run("download", "--url", url, "--sha256", TinyDataset.sha256(content).toUpperCase(),
                "--dir", dir.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(mirror.requests()).isEqualTo(requests);
    }

    @Test
    void aUrlWhoseSha256DiffersIsRefusedWithExitCode3AndNothingSaved() throws IOException {
        byte[] content = FILES.get(Catalogue.TRAIN_LABELS);
        mirror.serve("labels.gz", content);
        String expected = "ab".repeat(32);
        Cli.Result r = run("download", "--url", mirror.url("labels.gz").toString(), "--sha256", expected,
                "--dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.errLines()).isEqualTo(1);
        assertThat(r.err()).contains("labels.gz: SHA-256 mismatch: expected " + expected + ", got "
                + TinyDataset.sha256(content));
        assertThat(filesIn(dir)).isEmpty();
    }

    @Test
    void badRequestsAreUsageErrors() {
        String sha = "ab".repeat(32);
        for (String[] args : new String[][] {
                {"download", "nosuch", "--dir", dir.toString()},
                {"download", "--dir", dir.toString()},
                {"download", "--url", "http://127.0.0.1:1/x.bin", "--dir", dir.toString()},
                {"download", "--url", "http://127.0.0.1:1/", "--sha256", sha, "--dir", dir.toString()},
                {"download", "--url", "file:///etc/passwd", "--sha256", sha, "--dir", dir.toString()},
                {"download", "--url", "http://127.0.0.1:1/x.bin", "--sha256", "xyz", "--dir", dir.toString()},
                {"download", "mnist", "--mirror", "file:///tmp/", "--dir", dir.toString()}}) {
            Cli.Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as(r.err()).isEqualTo(1);
        }
        assertThat(mirror.requests()).isZero();
    }

    @Test
    void aFolderThatCannotBeMadeIsAnOutputError() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Cli.Result r = run("download", TinyDataset.NAME, "--dir", file.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(r.errLines()).isEqualTo(1);
        assertThat(r.err()).contains("cannot create folder " + file.resolve(TinyDataset.NAME));
        assertThat(mirror.requests()).isZero();
    }
}
