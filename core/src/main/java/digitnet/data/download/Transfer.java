package digitnet.data.download;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt to fetch a URL into a partial file: redirects followed to the same scheme only, a
 * partial file resumed with an HTTP Range request, a watchdog that ends a transfer silent for
 * longer than the read timeout, and no byte accepted past the expected size.
 */
final class Transfer {
    static final String USER_AGENT = "digitnet-download";
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    /** An attempt that failed at the mirror; {@code retry} when it received data, so that another attempt may resume. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean retry;

        Failure(String message, boolean retry) {
            super(message, null, false, false);
            this.retry = retry;
        }
    }

    private final HttpClient client;
    private final DownloadSettings settings;
    private final DownloadListener listener;

    Transfer(HttpClient client, DownloadSettings settings, DownloadListener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Appends to (or starts) {@code part} until it holds the whole file. Mirror failures throw
     * {@link Failure}; an {@link IOException} is a failure of the local disk.
     */
    void fetch(FileSpec file, URI url, Path part) throws Failure, IOException {
        long limit = file.size() >= 0 ? file.size() : settings.maxUnknownSize();
        long have = Files.exists(part) ? Files.size(part) : 0;
        if (file.size() >= 0 && have >= file.size()) {
            if (have == file.size()) {
                return;
            }
            Files.delete(part);
            have = 0;
        }
        HttpResponse<InputStream> response = open(url, have);
        long start;
        int status = response.statusCode();
        if (status == 206) {
            start = contentRangeStart(response);
            if (start != have) {
                close(response.body());
                Files.deleteIfExists(part);
                throw new Failure("answered a resume from byte " + have + " with bytes from " + start, true);
            }
        } else if (status == 200) {
            start = 0;
        } else if (status == 416 && have > 0) {
            close(response.body());
            Files.deleteIfExists(part);
            throw new Failure("refused to resume from byte " + have + " (HTTP 416)", true);
        } else {
            close(response.body());
            throw new Failure("HTTP " + status, false);
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        long end = length < 0 ? -1 : start + length;
        if (file.size() >= 0 && end >= 0 && end != file.size()) {
            close(response.body());
            throw new Failure("announces " + end + " bytes, not the " + file.size() + " published", false);
        }
        if (end > limit) {
            close(response.body());
            throw new Failure("announces " + end + " bytes, more than the " + limit + " accepted", false);
        }
        listener.started(file, url, start, file.size() >= 0 ? file.size() : end);
        copy(file, response.body(), part, start, end, limit);
    }

    private void copy(FileSpec file, InputStream body, Path part, long start, long end, long limit)
            throws Failure, IOException {
        StandardOpenOption[] options = start == 0
                ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
                : new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.APPEND};
        long total = file.size() >= 0 ? file.size() : end;
        long done = start;
        try (InputStream in = body; FileChannel out = FileChannel.open(part, options);
             Watchdog watchdog = new Watchdog(in, settings.readTimeout().toMillis())) {
            byte[] buffer = new byte[1 << 16];
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    if (watchdog.stalled) {
                        break;
                    }
                    throw new Failure("broke off after byte " + done + " (" + FileNames.printable(String.valueOf(e.getMessage()))
                            + ")", done > start);
                }
                if (n < 0 || watchdog.stalled) {
                    break;
                }
                watchdog.touch();
                if (done + n > limit) {
                    out.truncate(0);
                    throw new Failure("sends more than the " + limit + " bytes expected", false);
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                done += n;
                listener.progress(file, done, total);
            }
            if (watchdog.stalled) {
                throw new Failure(String.format(Locale.ROOT, "stalled: no data for %.1f s after byte %d",
                        settings.readTimeout().toMillis() / 1000.0, done), done > start);
            }
            if (end >= 0 && done < end || file.size() >= 0 && done < file.size()) {
                throw new Failure("broke off at byte " + done + " of " + (end >= 0 ? end : file.size()), done > start);
            }
            out.force(true);
        }
    }

    /** Sends the GET, following redirects to the same scheme. */
    private HttpResponse<InputStream> open(URI url, long from) throws Failure {
        URI at = url;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(at).timeout(settings.readTimeout())
                    .header("User-Agent", USER_AGENT).GET();
            if (from > 0) {
                request.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw new Failure(String.format(Locale.ROOT, "no answer within %.1f s",
                        settings.readTimeout().toMillis() / 1000.0), false);
            } catch (ConnectException e) {
                throw new Failure("cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), false);
            } catch (IOException e) {
                throw new Failure("cannot fetch (" + FileNames.printable(String.valueOf(e.getMessage())) + ")", false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted", false);
            }
            int status = response.statusCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                return response;
            }
            close(response.body());
            String location = response.headers().firstValue("Location").orElse(null);
            if (location == null) {
                throw new Failure("HTTP " + status + " redirect without a Location", false);
            }
            URI next;
            try {
                next = at.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw new Failure("redirect to a malformed URL \"" + FileNames.printable(location) + "\"", false);
            }
            if (next.getScheme() == null || !next.getScheme().equalsIgnoreCase(at.getScheme())) {
                throw new Failure("redirect from " + at + " to " + FileNames.printable(next.toString())
                        + " refused: another scheme", false);
            }
            try {
                Mirrors.checkedUrl(next);
            } catch (IllegalArgumentException e) {
                throw new Failure("redirect refused: " + FileNames.printable(e.getMessage()), false);
            }
            if (hop >= settings.maxRedirects()) {
                throw new Failure("more than " + settings.maxRedirects() + " redirects", false);
            }
            at = next;
        }
    }

    private static long contentRangeStart(HttpResponse<?> response) throws Failure {
        String range = response.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(range.trim());
        if (!m.matches()) {
            close((Closeable) response.body());
            throw new Failure("HTTP 206 with a Content-Range of \"" + FileNames.printable(range) + "\"", false);
        }
        try {
            return Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            close((Closeable) response.body());
            throw new Failure("HTTP 206 with a Content-Range of \"" + FileNames.printable(range) + "\"", false);
        }
    }

    private static void close(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    /** Closes the body when no byte arrived for {@code timeoutMillis}, which ends a blocked read. */
    private static final class Watchdog implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "digitnet-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        private volatile long lastNanos = System.nanoTime();
        volatile boolean stalled;

        Watchdog(Closeable body, long timeoutMillis) {
            long period = Math.max(10, timeoutMillis / 4);
            timer.scheduleAtFixedRate(() -> {
                if (!stalled && System.nanoTime() - lastNanos > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                    stalled = true;
                    Transfer.close(body);
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }

        void touch() {
            lastNanos = System.nanoTime();
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
