package digitnet.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.testing.LoopbackMirror;
import digitnet.testing.LoopbackMirror.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file from loopback mirrors: how many attempts each mirror gets, when a partial file counts as
 * resumed, what the listener hears, and what is left under the file's name after a refusal. The
 * @Timeout guards against a hang.
 */
@Timeout(60)
class DownloaderAttemptsTest {
    static final byte[] CONTENT = "the file's bytes, enough of them to be cut in half".repeat(20).getBytes(StandardCharsets.US_ASCII);
    static final FileSpec FILE = FileSpec.md5("f.bin", CONTENT.length, digitnet.testing.TinyDataset.md5(CONTENT));

    @TempDir Path dir;
    LoopbackMirror a, b;
    final List<String> heard = new ArrayList<>();
    final DownloadListener listener = new DownloadListener() {
        @Override
        public void cacheRejected(FileSpec file, Path path, String reason) {
            heard.add("rejected " + path.getFileName() + ": " + reason);
        }

        @Override
        public void failed(FileSpec file, URI url, String reason) {
            heard.add("failed " + url.getPort() + ": " + reason);
        }

        @Override
        public void saved(FileSpec file, Path path) {
            heard.add("saved " + path);
        }
    };

    @BeforeEach
    void startMirrors() throws IOException {
        a = LoopbackMirror.start().serve("f.bin", CONTENT);
        b = LoopbackMirror.start().serve("f.bin", CONTENT);
    }

    @AfterEach
    void stopMirrors() {
        a.close();
        b.close();
    }

    static DownloadSettings attempts(int n) {
        return new DownloadSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), n, 5, 1 << 20);
    }

    Path fetch(int attempts, Path folder) {
        return new Downloader(attempts(attempts), listener).fetch(FILE, List.of(a.url("f.bin"), b.url("f.bin")), folder);
    }

    @Test
    void aFileIsSavedIntoAFolderMadeForItAndTheListenerToldWhere() throws IOException {
        Path folder = dir.resolve("new/sub");
        Path saved = fetch(1, folder);
        assertThat(saved).isEqualTo(folder.resolve("f.bin"));
        assertThat(Files.readAllBytes(saved)).isEqualTo(CONTENT);
        assertThat(heard).containsExactly("saved " + saved);
    }

    @Test
    void oneAttemptPerMirrorLeavesABrokenTransferForTheNextMirror() throws IOException {
        a.fault("f.bin", Fault.BREAK_OFF_ONCE);
        Path saved = fetch(1, dir);
        assertThat(Files.readAllBytes(saved)).isEqualTo(CONTENT);
        assertThat(a.requests()).isEqualTo(1);
        assertThat(b.requests()).isEqualTo(1);
        assertThat(b.ranges()).containsExactly("bytes=" + CONTENT.length / 2 + "-");
    }

    @Test
    void twoAttemptsResumeABrokenTransferAtTheSameMirror() throws IOException {
        a.fault("f.bin", Fault.BREAK_OFF_ONCE);
        Path saved = fetch(2, dir);
        assertThat(Files.readAllBytes(saved)).isEqualTo(CONTENT);
        assertThat(a.requests()).isEqualTo(2);
        assertThat(b.requests()).isZero();
    }

    @Test
    void anEmptyPartialFileIsNotAResumeSoAWrongCopyIsNotFetchedAgainFromTheSameMirror() throws IOException {
        a.fault("f.bin", Fault.CORRUPT_BYTE);
        Files.write(dir.resolve(FileNames.partial("f.bin")), new byte[0]);
        Path saved = fetch(2, dir);
        assertThat(Files.readAllBytes(saved)).isEqualTo(CONTENT);
        assertThat(a.requests()).isEqualTo(1);
        assertThat(b.requests()).isEqualTo(1);
    }

    @Test
    void aRejectedCachedCopyIsGoneEvenWhenNoMirrorGivesTheFile() throws IOException {
        a.fault("f.bin", Fault.NOT_FOUND);
        b.fault("f.bin", Fault.NOT_FOUND);
        Path target = Files.write(dir.resolve("f.bin"), "an old wrong copy".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> fetch(1, dir)).isInstanceOf(DownloadException.class)
                .hasMessage("f.bin: no source gave it: " + a.url("f.bin") + ": HTTP 404; " + b.url("f.bin") + ": HTTP 404");
        assertThat(target).doesNotExist();
        assertThat(heard).first().isEqualTo("rejected f.bin: size mismatch: expected " + CONTENT.length + " bytes, got 17");
    }

    @Test
    void aFolderThatIsAFileIsNamedAsSuch() throws IOException {
        Path file = Files.write(dir.resolve("plain"), new byte[1]);
        assertThatThrownBy(() -> fetch(1, file)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot create folder " + file + ": " + file + " exists and is not a folder");
        assertThatThrownBy(() -> fetch(1, file.resolve("sub"))).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot create folder " + file.resolve("sub") + ": Not a directory");
    }
}
