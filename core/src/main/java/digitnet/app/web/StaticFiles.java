package digitnet.app.web;

import digitnet.data.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The only files the server hands out, read into memory when it starts: the page's own files
 * from the classpath, and the regular files at the top of a report directory. Requests are
 * looked up by exact path in this table, so no request can reach any other file.
 */
final class StaticFiles {
    /** One file: its bytes, media type and extra headers. */
    record File(byte[] bytes, String type, Map<String, String> headers) {}

    static final String[] PAGE = {"index.html", "app.js", "style.css"};
    /** Report files larger than this are not served. */
    static final long MAX_REPORT_FILE = 16L << 20;
    private static final String PAGE_POLICY =
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-src 'self'; frame-ancestors 'self'";

    private final Map<String, File> files = new HashMap<>();
    private boolean report;

    /** @param reportDir a report written by {@code train --report}, or null */
    static StaticFiles load(Path reportDir) {
        StaticFiles s = new StaticFiles();
        for (String name : PAGE) {
            try (InputStream in = StaticFiles.class.getResourceAsStream("/digitnet/web/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("resource /digitnet/web/" + name + " is missing from the jar");
                }
                File f = new File(in.readAllBytes(), type(name), Map.of("Content-Security-Policy", PAGE_POLICY));
                s.files.put("/" + name, f);
                if (name.equals("index.html")) {
                    s.files.put("/", f);
                }
            } catch (IOException e) {
                throw new IllegalStateException("reading resource " + name, e);
            }
        }
        if (reportDir != null && Files.isRegularFile(reportDir.resolve("index.html"))) {
            s.loadReport(reportDir);
        }
        return s;
    }

    private void loadReport(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && name.matches("[A-Za-z0-9._-]+")
                        && !name.startsWith(".") && Files.size(p) <= MAX_REPORT_FILE) {
                    files.put("/report/" + name, new File(Files.readAllBytes(p), type(name),
                            Map.of("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'")));
                }
            }
        } catch (IOException e) {
            throw new InputException(dir + ": cannot read the report directory (" + e.getMessage() + ")");
        }
        files.put("/report/", files.get("/report/index.html"));
        report = true;
    }

    File get(String path) {
        return files.get(path);
    }

    boolean hasReport() {
        return report;
    }

    static String type(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (n.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (n.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (n.endsWith(".png")) {
            return "image/png";
        } else if (n.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (n.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }
}
