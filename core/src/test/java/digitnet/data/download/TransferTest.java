package digitnet.data.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One transfer attempt against a loopback server whose every answer the test writes by hand
 * (status, headers, body in pieces): the boundaries of resuming, of announced and published
 * sizes, of the redirect count, and what the listener is told. The @Timeout guards against a hang.
 */
@Timeout(30)
class TransferTest {
    static final byte[] CONTENT = "0123456789abcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final String MD5 = "0".repeat(32);
    static final DownloadSettings SETTINGS = new DownloadSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), 1, 2, 1 << 20);

    /** What the server does with one request. */
    interface Answer {
        void send(HttpExchange exchange) throws IOException;
    }

    @TempDir Path dir;
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final List<String> heard = new ArrayList<>();
    final DownloadListener listener = new DownloadListener() {
        @Override
        public void started(FileSpec file, URI url, long from, long total) {
            heard.add("started " + url.getPath() + " from " + from + " of " + total);
        }

        @Override
        public void progress(FileSpec file, long done, long total) {
            heard.add("progress " + done + "/" + total);
        }
    };

    /** Serves every path with {@code answer}, counting requests and recording Range headers. */
    URI serve(Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                ranges.add(range);
            }
            try (exchange) {
                answer.send(exchange);
            } catch (IOException e) {
                // the client went away: nothing to answer
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/f");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    void fetch(FileSpec file, URI url, Path part, DownloadSettings settings) throws Transfer.Failure, IOException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        new Transfer(client, settings, listener).fetch(file, url, part);
    }

    static Answer whole(byte[] content, long announced) {
        return exchange -> {
            exchange.sendResponseHeaders(200, announced);
            exchange.getResponseBody().write(content);
        };
    }

    /** Answers without a Content-Length (chunked), the body written in {@code pieces} pieces. */
    static Answer chunked(byte[] content, int pieces, long pauseMillis) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            int step = (content.length + pieces - 1) / pieces;
            for (int from = 0; from < content.length; from += step) {
                body.write(content, from, Math.min(step, content.length - from));
                body.flush();
                sleep(pauseMillis);
            }
        };
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Transfer.Failure failure(FileSpec file, URI url, Path part, DownloadSettings settings) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> fetch(file, url, part, settings));
        assertThat(t).isInstanceOf(Transfer.Failure.class);
        return (Transfer.Failure) t;
    }

    @Test
    void aPartFileHoldingTheWholeFileIsKeptWithoutAskingTheServer() throws Exception {
        URI url = serve(whole(CONTENT, CONTENT.length));
        Path part = Files.write(dir.resolve(".f.part"), CONTENT);
        fetch(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(requests.get()).isZero();
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
    }

    @Test
    void anEmptyPublishedFileNeedsNoRequest() throws Exception {
        URI url = serve(whole(new byte[0], -1));
        Path part = dir.resolve(".f.part");
        fetch(FileSpec.md5("f", 0, MD5), url, part, SETTINGS);
        assertThat(requests.get()).isZero();
    }

    @Test
    void aPartFileLongerThanTheFileIsDiscardedAndTheFileFetchedWhole() throws Exception {
        URI url = serve(whole(CONTENT, CONTENT.length));
        Path part = Files.write(dir.resolve(".f.part"), new byte[CONTENT.length + 3]);
        fetch(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(ranges).isEmpty();
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(heard).first().isEqualTo("started /f from 0 of 20");
    }

    @Test
    void anEmptyPublishedFileWithALongerPartFileRefusesAnyByteSent() throws Exception {
        URI url = serve(chunked(CONTENT, 1, 0));
        Path part = Files.write(dir.resolve(".f.part"), new byte[3]);
        Transfer.Failure f = failure(FileSpec.md5("f", 0, MD5), url, part, SETTINGS);
        assertThat(f).hasMessage("sends more than the 0 bytes expected");
        assertThat(Files.size(part)).isZero();
    }

    @Test
    void aPartFileIsResumedFromItsLengthAndTheListenerToldBothEnds() throws Exception {
        URI url = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Range", "bytes 8-19/20");
            exchange.sendResponseHeaders(206, 12);
            exchange.getResponseBody().write(CONTENT, 8, 12);
        });
        Path part = Files.write(dir.resolve(".f.part"), java.util.Arrays.copyOf(CONTENT, 8));
        fetch(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(ranges).containsExactly("bytes=8-");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(heard).containsExactly("started /f from 8 of 20", "progress 20/20");
    }

    @Test
    void aResumeAnsweredFromAnotherByteDeletesThePartFileAndMayBeRetried() throws Exception {
        URI url = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Range", "bytes 4-19/20");
            exchange.sendResponseHeaders(206, 16);
            exchange.getResponseBody().write(CONTENT, 4, 16);
        });
        Path part = Files.write(dir.resolve(".f.part"), java.util.Arrays.copyOf(CONTENT, 8));
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(f).hasMessage("answered a resume from byte 8 with bytes from 4");
        assertThat(f.retry).isTrue();
        assertThat(part).doesNotExist();
    }

    @Test
    void a416ToAResumeDeletesThePartFileAndMayBeRetried() throws Exception {
        URI url = serve(exchange -> exchange.sendResponseHeaders(416, -1));
        Path part = Files.write(dir.resolve(".f.part"), java.util.Arrays.copyOf(CONTENT, 8));
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(f).hasMessage("refused to resume from byte 8 (HTTP 416)");
        assertThat(f.retry).isTrue();
        assertThat(part).doesNotExist();
    }

    @Test
    void a416ToAFreshRequestIsAnHttpErrorNotRetried() throws Exception {
        URI url = serve(exchange -> exchange.sendResponseHeaders(416, -1));
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, dir.resolve(".f.part"), SETTINGS);
        assertThat(f).hasMessage("HTTP 416");
        assertThat(f.retry).isFalse();
    }

    @Test
    void aContentRangeThatIsNotBytesIsRefused() throws Exception {
        URI url = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Range", "items 8-19/20");
            exchange.sendResponseHeaders(206, 12);
            exchange.getResponseBody().write(CONTENT, 8, 12);
        });
        Path part = Files.write(dir.resolve(".f.part"), java.util.Arrays.copyOf(CONTENT, 8));
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(f).hasMessage("HTTP 206 with a Content-Range of \"items 8-19/20\"");
        assertThat(f.retry).isFalse();
    }

    @Test
    void anAnnouncedEmptyBodyForAPublishedSizeIsRefusedBeforeReading() throws Exception {
        URI url = serve(whole(new byte[0], -1));
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, dir.resolve(".f.part"), SETTINGS);
        assertThat(f).hasMessage("announces 0 bytes, not the 20 published");
        assertThat(heard).isEmpty();
    }

    @Test
    void anUnknownSizeIsAcceptedUpToTheBoundAndNotOneByteMore() throws Exception {
        URI url = serve(whole(CONTENT, CONTENT.length));
        FileSpec file = FileSpec.sha256("f", "0".repeat(64));
        Path part = dir.resolve(".f.part");
        fetch(file, url, part, withMaxUnknownSize(CONTENT.length));
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(heard).containsExactly("started /f from 0 of 20", "progress 20/20");

        Transfer.Failure f = failure(file, url, dir.resolve(".g.part"), withMaxUnknownSize(CONTENT.length - 1));
        assertThat(f).hasMessage("announces 20 bytes, more than the 19 accepted");
    }

    @Test
    void anUnknownSizeSentWithoutALengthIsCutAtTheBound() throws Exception {
        URI url = serve(chunked(CONTENT, 2, 0));
        Path part = dir.resolve(".f.part");
        Transfer.Failure f = failure(FileSpec.sha256("f", "0".repeat(64)), url, part, withMaxUnknownSize(15));
        assertThat(f).hasMessage("sends more than the 15 bytes expected");
        assertThat(f.retry).isFalse();
        assertThat(Files.size(part)).isZero();
    }

    @Test
    void aBodyShorterThanThePublishedSizeBreaksOffWithWhatItReceived() throws Exception {
        URI url = serve(chunked(java.util.Arrays.copyOf(CONTENT, 12), 1, 0));
        Path part = dir.resolve(".f.part");
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(f).hasMessage("broke off at byte 12 of 20");
        assertThat(f.retry).isTrue();
        assertThat(heard).containsExactly("started /f from 0 of 20", "progress 12/20");
    }

    @Test
    void anEmptyBodyWithoutALengthBreaksOffAndIsNotRetried() throws Exception {
        URI url = serve(chunked(new byte[0], 1, 0));
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, dir.resolve(".f.part"), SETTINGS);
        assertThat(f).hasMessage("broke off at byte 0 of 20");
        assertThat(f.retry).isFalse();
    }

    @Test
    void aSlowTransferWhoseEveryPauseIsShorterThanTheReadTimeoutIsNotAStall() throws Exception {
        URI url = serve(chunked(CONTENT, 10, 100));
        Path part = dir.resolve(".f.part");
        fetch(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS.withTimeout(Duration.ofMillis(500)));
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
        assertThat(heard).first().isEqualTo("started /f from 0 of 20");
        assertThat(heard).last().isEqualTo("progress 20/20");
        assertThat(heard).hasSizeGreaterThan(2);
    }

    @Test
    void redirectsAreFollowedUpToTheBoundAndNoFurther() throws Exception {
        URI url = serve(exchange -> {
            String path = exchange.getRequestURI().getPath();
            int hop = path.length() - 2;
            if (hop < 3) {
                exchange.getResponseHeaders().set("Location", path + "r");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            exchange.sendResponseHeaders(200, CONTENT.length);
            exchange.getResponseBody().write(CONTENT);
        });
        Path part = dir.resolve(".f.part");
        Transfer.Failure f = failure(FileSpec.md5("f", CONTENT.length, MD5), url, part, SETTINGS);
        assertThat(f).hasMessage("more than 2 redirects");
        assertThat(requests.get()).isEqualTo(3);

        requests.set(0);
        fetch(FileSpec.md5("f", CONTENT.length, MD5), url.resolve("/fr"), part, SETTINGS);
        assertThat(requests.get()).isEqualTo(3);
        assertThat(heard).first().isEqualTo("started /fr from 0 of 20");
        assertThat(Files.readAllBytes(part)).isEqualTo(CONTENT);
    }

    static DownloadSettings withMaxUnknownSize(long bytes) {
        return new DownloadSettings(SETTINGS.connectTimeout(), SETTINGS.readTimeout(), 1, 2, bytes);
    }
}
