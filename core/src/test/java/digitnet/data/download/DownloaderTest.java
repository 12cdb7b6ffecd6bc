package digitnet.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.testing.LoopbackMirror;
import digitnet.testing.LoopbackMirror.Fault;
import digitnet.testing.TinyDataset;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader against loopback mirrors that misbehave: every saved file is byte for byte the
 * registered one, and every refused one leaves nothing under its name. The @Timeout is a guard
 * against a hang, not a speed test.
 */
@Timeout(60)
class DownloaderTest {
    static final Map<String, byte[]> FILES = TinyDataset.files(40, 10);
    static final String IMAGES = Catalogue.TRAIN_IMAGES;
    static final DownloadSettings SETTINGS = new DownloadSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3, 5, 1 << 20);
    /** For the stalls, which each wait out a whole read timeout: short, yet far above a loopback answer's pauses. */
    static final DownloadSettings STALL_SETTINGS = SETTINGS.withTimeout(Duration.ofSeconds(2));

    @TempDir Path dir;
    LoopbackMirror a, b;
    final List<String> failures = new ArrayList<>();
    final List<String> cached = new ArrayList<>();
    final DownloadListener recorder = new DownloadListener() {
        @Override
        public void failed(FileSpec file, URI url, String reason) {
            failures.add(file.name() + " " + url + " " + reason);
        }

        @Override
        public void cached(FileSpec file, Path path) {
            cached.add(file.name());
        }
    };

    @BeforeEach
    void startMirrors() throws IOException {
        a = LoopbackMirror.start();
        b = LoopbackMirror.start();
        FILES.forEach(a::serve);
        FILES.forEach(b::serve);
    }

    @AfterEach
    void stopMirrors() {
        a.close();
        b.close();
    }

    KnownDataset tiny() {
        return TinyDataset.entry(FILES, List.of(a.base(), b.base()));
    }

    List<Path> fetch() {
        return fetch(SETTINGS);
    }

    List<Path> fetch(DownloadSettings settings) {
        return new Downloader(settings, recorder).fetch(tiny(), List.of(), dir);
    }

    void assertAllSaved(List<Path> saved) throws IOException {
        assertThat(saved).hasSize(4);
        for (Path p : saved) {
            assertThat(p.getParent()).isEqualTo(dir.resolve(TinyDataset.NAME));
            assertThat(Files.readAllBytes(p)).isEqualTo(FILES.get(p.getFileName().toString()));
        }
        assertThat(leftovers()).isEmpty();
    }

    /** Temporary files left in the data set's folder. */
    List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(TinyDataset.NAME))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    @Test
    void goodFilesAreSavedUnderTheirNamesFromTheFirstMirror() throws IOException {
        assertAllSaved(fetch());
        assertThat(a.requests()).isEqualTo(4);
        assertThat(b.requests()).isZero();
        assertThat(failures).isEmpty();
    }

    @Test
    void aSecondCallVerifiesTheFilesAndTouchesNoNetwork() throws IOException {
        fetch();
        int before = a.requests() + b.requests();
        a.close();
        b.close();
        assertAllSaved(fetch());
        assertThat(a.requests() + b.requests()).isEqualTo(before);
        assertThat(cached).hasSize(4);
    }

    @Test
    void aCorruptedByteIsRefusedAndNothingIsLeftUnderItsName() throws IOException {
        a.fault(IMAGES, Fault.CORRUPT_BYTE);
        byte[] corrupted = FILES.get(IMAGES).clone();
        corrupted[corrupted.length / 2] ^= 0x5a;
        KnownDataset onlyA = TinyDataset.entry(FILES, List.of(a.base()));
        assertThatThrownBy(() -> new Downloader(SETTINGS, recorder).fetch(onlyA, List.of(), dir))
                .isInstanceOf(ChecksumException.class)
                .hasMessage(IMAGES + ": MD5 mismatch: expected " + TinyDataset.md5(FILES.get(IMAGES)) + ", got "
                        + TinyDataset.md5(corrupted) + " (from " + a.url(IMAGES) + "); nothing saved");
        assertThat(dir.resolve(TinyDataset.NAME).resolve(IMAGES)).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCorruptedCopyFallsBackToTheNextMirror() throws IOException {
        a.fault(IMAGES, Fault.CORRUPT_BYTE);
        assertAllSaved(fetch());
        assertThat(failures).singleElement().asString().contains("MD5 mismatch");
    }

    @Test
    void aTransferThatBreaksOffIsResumedWithARangeRequest() throws IOException {
        a.fault(IMAGES, Fault.BREAK_OFF_ONCE);
        assertAllSaved(fetch());
        int half = FILES.get(IMAGES).length / 2;
        assertThat(a.ranges()).as(failures.toString()).containsExactly("bytes=" + half + "-");
        assertThat(b.requests()).isZero();
        assertThat(failures).singleElement().asString().contains(IMAGES);
    }

    @Test
    void aStalledMirrorIsLeftForTheNextWhichResumesThePartialFile() throws IOException {
        a.fault(IMAGES, Fault.STALL);
        assertAllSaved(fetch(STALL_SETTINGS));
        int third = FILES.get(IMAGES).length / 3;
        // a: one attempt got a third, the resumed one nothing; b resumed where a stopped
        assertThat(a.ranges()).containsExactly("bytes=" + third + "-");
        assertThat(b.ranges()).containsExactly("bytes=" + third + "-");
        assertThat(failures).hasSize(2).allMatch(f -> f.contains("stalled: no data for 2.0 s"));
    }

    @Test
    void aMirrorThatNeverAnswersIsLeftForTheNext() throws IOException {
        a.fault(IMAGES, Fault.STALL_BEFORE_HEADERS);
        assertAllSaved(fetch(STALL_SETTINGS));
        assertThat(failures).singleElement().asString().contains("no answer within 2.0 s");
    }

    @Test
    void aNotFoundFallsBackToTheNextMirror() throws IOException {
        a.fault(IMAGES, Fault.NOT_FOUND);
        assertAllSaved(fetch());
        assertThat(failures).singleElement().asString().endsWith("HTTP 404");
        assertThat(b.requests()).isEqualTo(1);
    }

    @Test
    void aRedirectToTheSameSchemeIsFollowed() throws IOException {
        a.redirect(IMAGES, b.url(IMAGES).toString());
        assertAllSaved(fetch());
        assertThat(failures).isEmpty();
        assertThat(b.requests()).isEqualTo(1);
    }

    @Test
    void aRedirectToAnotherSchemeIsRefused() throws IOException {
        KnownDataset onlyA = TinyDataset.entry(FILES, List.of(a.base()));
        for (String target : List.of("https://127.0.0.1:" + b.base().getPort() + "/" + IMAGES, "file:///etc/passwd")) {
            a.redirect(IMAGES, target);
            assertThatThrownBy(() -> new Downloader(SETTINGS, recorder).fetch(onlyA, List.of(), dir))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining(IMAGES + ": no source gave it: " + a.url(IMAGES) + ": redirect from "
                            + a.url(IMAGES) + " to " + target + " refused: another scheme");
            assertThat(dir.resolve(TinyDataset.NAME).resolve(IMAGES)).doesNotExist();
        }
        assertThat(b.requests()).isZero();
    }

    @Test
    void aMirrorSendingMoreThanThePublishedSizeIsRefusedBeforeWriting() throws IOException {
        a.fault(IMAGES, Fault.DOUBLED);
        assertAllSaved(fetch());
        assertThat(failures).singleElement().asString().contains("announces " + 2 * FILES.get(IMAGES).length + " bytes");
    }

    @Test
    void aPartialFileFromAnEarlierRunIsResumed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve(TinyDataset.NAME));
        byte[] whole = FILES.get(IMAGES);
        Files.write(folder.resolve("." + IMAGES + ".part"), Arrays.copyOf(whole, 100));
        assertAllSaved(fetch());
        assertThat(a.ranges()).containsExactly("bytes=100-");
    }

    @Test
    void aMirrorIgnoringTheRangeRequestServesTheWholeFileAfresh() throws IOException {
        Path folder = Files.createDirectories(dir.resolve(TinyDataset.NAME));
        Files.write(folder.resolve("." + IMAGES + ".part"), Arrays.copyOf(FILES.get(IMAGES), 100));
        a.fault(IMAGES, Fault.IGNORE_RANGE);
        assertAllSaved(fetch());
        assertThat(a.ranges()).containsExactly("bytes=100-");
        assertThat(failures).isEmpty();
    }

    @Test
    void aPartialFileFromAnotherCopyIsFetchedAgainWhole() throws IOException {
        Path folder = Files.createDirectories(dir.resolve(TinyDataset.NAME));
        byte[] wrongStart = Arrays.copyOf(FILES.get(IMAGES), 100);
        wrongStart[50] ^= 1;
        Files.write(folder.resolve("." + IMAGES + ".part"), wrongStart);
        assertAllSaved(fetch());
        assertThat(failures).singleElement().asString().contains("MD5 mismatch");
    }

    @Test
    void aSavedCopyThatFailsItsChecksumIsFetchedAgain() throws IOException {
        fetch();
        Path images = dir.resolve(TinyDataset.NAME).resolve(IMAGES);
        byte[] bytes = Files.readAllBytes(images);
        bytes[10] ^= 1;
        Files.write(images, bytes);
        int before = a.requests();
        assertAllSaved(fetch());
        assertThat(a.requests()).isEqualTo(before + 1);
    }

    @Test
    void everyMirrorFailingNamesEachAttempt() {
        a.fault(IMAGES, Fault.NOT_FOUND);
        b.fault(IMAGES, Fault.NOT_FOUND);
        assertThatThrownBy(this::fetch).isInstanceOf(DownloadException.class)
                .hasMessage(IMAGES + ": no source gave it: " + a.url(IMAGES) + ": HTTP 404; " + b.url(IMAGES) + ": HTTP 404");
    }

    @Test
    void aFileOfUnknownSizeIsCheckedBySha256() throws IOException {
        byte[] content = FILES.get(IMAGES);
        a.serve("data.bin", content);
        Downloader d = new Downloader(SETTINGS, recorder);
        Path saved = d.fetch(FileSpec.sha256("data.bin", TinyDataset.sha256(content)), List.of(a.url("data.bin")), dir);
        assertThat(saved).isEqualTo(dir.resolve("data.bin"));
        assertThat(Files.readAllBytes(saved)).isEqualTo(content);
        String wrong = "0".repeat(64);
        assertThatThrownBy(() -> d.fetch(FileSpec.sha256("other.bin", wrong), List.of(a.url("data.bin")), dir))
                .isInstanceOf(ChecksumException.class)
                .hasMessageStartingWith("other.bin: SHA-256 mismatch: expected " + wrong + ", got " + TinyDataset.sha256(content));
        assertThat(dir.resolve("other.bin")).doesNotExist();
        assertThat(dir.resolve(".other.bin.part")).doesNotExist();
    }

    @Test
    void aFileOfUnknownSizeIsBoundedBySettings() {
        byte[] content = FILES.get(IMAGES);
        a.serve("big.bin", content);
        DownloadSettings small = new DownloadSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 3, 5, content.length - 1);
        assertThatThrownBy(() -> new Downloader(small, recorder).fetch(FileSpec.sha256("big.bin", TinyDataset.sha256(content)),
                List.of(a.url("big.bin")), dir))
                .isInstanceOf(DownloadException.class)
                .hasMessageEndingWith(": announces " + content.length + " bytes, more than the " + (content.length - 1) + " accepted");
        assertThat(dir.resolve("big.bin")).doesNotExist();
    }

    @Test
    void aDownloadedSetIsFoundByNameAndVerifiedAgainstItsCatalogue() throws IOException {
        fetch();
        Catalogue catalogue = Catalogue.standard().with(tiny());
        DownloadCache.TrainFiles train = DownloadCache.trainFiles(TinyDataset.NAME, dir, catalogue);
        assertThat(train.images()).isEqualTo(dir.resolve(TinyDataset.NAME).resolve(IMAGES));
        assertThat(train.labels()).isEqualTo(dir.resolve(TinyDataset.NAME).resolve(Catalogue.TRAIN_LABELS));
        assertThat(DownloadCache.isDataset(TinyDataset.NAME, dir, Catalogue.standard())).isTrue();
        assertThat(DownloadCache.isDataset("mnist", dir, Catalogue.standard())).isTrue();
        assertThat(DownloadCache.isDataset("nothing", dir, Catalogue.standard())).isFalse();

        byte[] bytes = Files.readAllBytes(train.labels());
        bytes[bytes.length - 1] ^= 1;
        Files.write(train.labels(), bytes);
        assertThatThrownBy(() -> DownloadCache.trainFiles(TinyDataset.NAME, dir, catalogue))
                .isInstanceOf(ChecksumException.class).hasMessageContaining(Catalogue.TRAIN_LABELS + ": MD5 mismatch");
        Files.delete(train.images());
        assertThatThrownBy(() -> DownloadCache.trainFiles(TinyDataset.NAME, dir, catalogue))
                .isInstanceOf(NotDownloadedException.class).hasMessage("tiny: not downloaded (" + train.images() + " is missing)");
    }
}
