package digitnet.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mirror on 127.0.0.1 (port chosen by the system) that serves files by name, answers HTTP
 * Range requests, and misbehaves on request: a corrupted byte, a transfer that breaks off, a
 * stall, a 404, a redirect. It counts every request. Stalled answers are held until
 * {@link #close()} (or {@link #MAX_STALL_SECONDS}).
 */
public final class LoopbackMirror implements AutoCloseable {
    /** Bound of a stalled answer, so that no handler thread outlives a test for long. */
    public static final int MAX_STALL_SECONDS = 60;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** How a file is served. */
    public enum Fault {
        /** The middle byte flipped: same size, another checksum. */
        CORRUPT_BYTE,
        /** The first answer announces the whole file, sends half and closes the connection. */
        BREAK_OFF_ONCE,
        /** Every answer sends at most the first third of the file, then stays silent. */
        STALL,
        /** No answer at all: not even the headers. */
        STALL_BEFORE_HEADERS,
        /** HTTP 404. */
        NOT_FOUND,
        /** Ignores Range and serves the file twice over (more bytes than published). */
        DOUBLED,
        /** Ignores Range: always the whole file with 200. */
        IGNORE_RANGE
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-mirror");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private LoopbackMirror() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LoopbackMirror start() throws IOException {
        return new LoopbackMirror();
    }

    /** The mirror's folder URL, e.g. {@code http://127.0.0.1:40123/}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public URI url(String name) {
        return base().resolve(name);
    }

    public LoopbackMirror serve(String name, byte[] content) {
        files.put(name, content.clone());
        return this;
    }

    public LoopbackMirror fault(String name, Fault fault) {
        faults.put(name, fault);
        return this;
    }

    /** Answers {@code name} with a 302 to {@code location}. */
    public LoopbackMirror redirect(String name, String location) {
        redirects.put(name, location);
        return this;
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** The Range headers received, in order. */
    public List<String> ranges() {
        return List.copyOf(ranges);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(1);
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                ranges.add(range);
            }
            int answer = answered.computeIfAbsent(name, k -> new AtomicInteger()).getAndIncrement();
            if (redirects.containsKey(name)) {
                exchange.getResponseHeaders().set("Location", redirects.get(name));
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            Fault fault = faults.get(name);
            byte[] content = files.get(name);
            if (content == null || fault == Fault.NOT_FOUND) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (fault == Fault.STALL_BEFORE_HEADERS) {
                stall();
                return;
            }
            if (fault == Fault.CORRUPT_BYTE) {
                content = content.clone();
                content[content.length / 2] ^= 0x5a;
            } else if (fault == Fault.DOUBLED) {
                byte[] twice = Arrays.copyOf(content, content.length * 2);
                System.arraycopy(content, 0, twice, content.length, content.length);
                content = twice;
                range = null;
            } else if (fault == Fault.IGNORE_RANGE) {
                range = null;
            }
            int from = 0;
            Matcher m = RANGE.matcher(range == null ? "" : range);
            if (m.matches()) {
                from = Integer.parseInt(m.group(1));
                if (from >= content.length) {
                    exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Range",
                        "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            }
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, content.length - from);
            OutputStream body = exchange.getResponseBody();
            if (fault == Fault.STALL) {
                int third = content.length / 3;
                if (from < third) {
                    body.write(content, from, third - from);
                }
                body.flush();
                stall();
                return;
            }
            if (fault == Fault.BREAK_OFF_ONCE && answer == 0) {
                body.write(content, from, (content.length - from) / 2);
                body.flush();
                return; // closing the exchange with bytes missing drops the connection
            }
            body.write(content, from, content.length - from);
        } catch (IOException e) {
            // the client went away (a refused transfer, a watchdog): nothing to answer
        }
    }

    private void stall() {
        try {
            release.await(MAX_STALL_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
