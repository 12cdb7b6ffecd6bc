package digitnet.app.web;

import com.sun.net.httpserver.HttpServer;
import digitnet.data.InvalidSettingException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The digit-drawing web server on the JDK's {@link HttpServer}, built unstarted: the caller
 * starts and stops it. Requests are served by a bounded pool of threads with a bounded queue
 * (when it is full, the accepting thread serves the request itself, which slows accepting down).
 */
public final class WebServer {
    /** Largest request body: a drawing as PNG is ~10 KB, 784 pixels as JSON ~4 KB. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** Seconds a request may take to arrive, and its answer to leave, before the connection is closed. */
    public static final int REQUEST_SECONDS = 10;
    public static final int QUEUE = 256;
    /**
     * Seconds {@link #stop()} waits for requests in flight: the most one may take anyway (its
     * {@link #REQUEST_SECONDS} to arrive and as many for its answer to leave).
     */
    public static final int SHUTDOWN_SECONDS = 2 * REQUEST_SECONDS;

    /**
     * @param threads   request threads (the model is copied once per thread)
     * @param reportDir a training report to serve under /report/, or null
     */
    public record Settings(String host, int port, int threads, Path reportDir) {
        public Settings {
            if (port < 0 || port > 65535) {
                throw new InvalidSettingException("WebServer.Settings", "port", "must be 0..65535, got " + port);
            }
            if (threads < 1 || threads > 64) {
                throw new InvalidSettingException("WebServer.Settings", "threads", "must be 1..64, got " + threads);
            }
        }
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final AtomicInteger inFlight;

    private WebServer(HttpServer server, ExecutorService pool, AtomicInteger inFlight) {
        this.server = server;
        this.pool = pool;
        this.inFlight = inFlight;
    }

    /** Binds the address and registers the handlers; nothing is served until {@link #start()}. */
    public static WebServer create(Settings s, ModelService model) {
        configureJdkServer();
        StaticFiles files = StaticFiles.load(s.reportDir());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(s.host(), s.port()), 64);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on " + s.host() + ":" + s.port() + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(s.threads(), s.threads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "digitnet-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        Routes routes = new Routes(model, files, MAX_BODY_BYTES);
        AtomicInteger inFlight = new AtomicInteger();
        server.createContext("/", ex -> {
            inFlight.incrementAndGet();
            try {
                routes.handle(ex);
            } finally {
                inFlight.decrementAndGet();
            }
        });
        server.setExecutor(pool);
        return new WebServer(server, pool, inFlight);
    }

    public void start() {
        server.start();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops gracefully: stops accepting connections, lets the requests in flight finish (for up to
     * {@link #SHUTDOWN_SECONDS}), closes the idle connections and drains the pool. The JDK 17 server
     * waits out the whole delay when nothing is in flight, so an idle server stops at once.
     */
    public void stop() {
        server.stop(inFlight.get() > 0 ? SHUTDOWN_SECONDS : 0);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(SHUTDOWN_SECONDS, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The JDK server reads its settings from system properties once, when its first instance is
     * made. Unless the user set them: requests and answers get {@link #REQUEST_SECONDS} each, at
     * most 100 request headers, and TCP_NODELAY (headers and body leave as separate writes; with
     * Nagle's algorithm and delayed ACKs every answer would wait ~40 ms).
     */
    private static void configureJdkServer() {
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", Integer.toString(REQUEST_SECONDS));
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqHeaders", "100");
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }
}
