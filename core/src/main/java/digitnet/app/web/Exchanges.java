package digitnet.app.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;

/** Reading bounded request bodies and writing answers. */
final class Exchanges {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Most bytes of a refused body read and dropped before answering. */
    static final long DRAIN_BYTES = 8L << 20;

    private Exchanges() {}

    /** The body, refused with 413 when it is (or announces to be) longer than {@code max} bytes. */
    static byte[] body(HttpExchange ex, int max) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new ApiError(400, "bad Content-Length: " + length);
            }
            if (n > max) {
                throw new ApiError(413, "body of " + n + " bytes is over the limit of " + max + " bytes");
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try (InputStream in = ex.getRequestBody()) {
            for (int r; (r = in.read(buf)) >= 0; ) {
                out.write(buf, 0, r);
                if (out.size() > max) {
                    throw new ApiError(413, "body is over the limit of " + max + " bytes");
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * Reads and drops what is left of a refused request's body (up to {@link #DRAIN_BYTES}), so
     * that closing the connection does not reset it before the client has read the answer.
     */
    static void drain(HttpExchange ex) {
        byte[] buf = new byte[8192];
        try {
            InputStream in = ex.getRequestBody();
            for (long n = 0, r; n < DRAIN_BYTES && (r = in.read(buf)) >= 0; n += r) {
                // dropped
            }
        } catch (IOException e) {
            // the client is gone or sent a broken body: the answer may not reach it either way
        }
    }

    /** The media type of the request, lower case, without parameters; "" when absent. */
    static String contentType(HttpExchange ex) {
        String t = ex.getRequestHeaders().getFirst("Content-Type");
        if (t == null) {
            return "";
        }
        int semi = t.indexOf(';');
        return (semi < 0 ? t : t.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        json(ex, status, Map.of("error", message, "status", status));
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
