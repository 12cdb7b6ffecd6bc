package digitnet.app.cli;

import digitnet.data.download.DownloadListener;
import digitnet.data.download.FileSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Shows what {@code download} does: one line per event, and on a terminal a bar redrawn in place
 * while bytes arrive ({@code train-images-idx3-ubyte.gz [#####.......]  42%  4.2/9.9 MB  3.1 MB/s  ETA 0:02}).
 */
final class DownloadProgress implements DownloadListener {
    /** How progress is shown. */
    enum Mode { BAR, LINES, QUIET }

    private static final long REDRAW_NANOS = 100_000_000L;   // at most 10 redraws a second
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final Mode mode;
    private long startNanos, startBytes, lastDrawNanos;
    private int barLength;

    DownloadProgress(PrintWriter out, Mode mode) {
        this.out = out;
        this.mode = mode;
    }

    @Override
    public void cached(FileSpec file, Path path) {
        line(file.name() + ": present and verified, not downloaded");
    }

    @Override
    public void cacheRejected(FileSpec file, Path path, String reason) {
        line(file.name() + ": the saved copy is not the published one (" + reason + "); downloading it again");
    }

    @Override
    public void started(FileSpec file, URI url, long from, long total) {
        startNanos = System.nanoTime();
        startBytes = from;
        lastDrawNanos = 0;
        line(file.name() + ": from " + url + (from > 0 ? " (resuming at byte " + from + ")" : ""));
    }

    @Override
    public void progress(FileSpec file, long done, long total) {
        if (mode != Mode.BAR) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDrawNanos < REDRAW_NANOS && done != total) {
            return;
        }
        lastDrawNanos = now;
        String bar = bar(file.name(), done, total, (done - startBytes) / Math.max(1e-9, (now - startNanos) / 1e9));
        out.print("\r" + bar + " ".repeat(Math.max(0, barLength - bar.length())));
        out.flush();
        barLength = bar.length();
    }

    @Override
    public void failed(FileSpec file, URI url, String reason) {
        line(file.name() + ": " + url + ": " + reason);
    }

    @Override
    public void saved(FileSpec file, Path path) {
        line(file.name() + ": saved and verified (" + (file.md5() != null ? "MD5" : "SHA-256")
                + (file.size() >= 0 ? " and size" : "") + ")");
    }

    /** The in-place bar; {@code total} -1 when the size is unknown. */
    static String bar(String name, long done, long total, double bytesPerSecond) {
        String rate = String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1e6);
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s %.1f MB  %s", name, done / 1e6, rate);
        }
        int filled = (int) ((long) BAR_WIDTH * Math.min(done, total) / total);
        String eta = bytesPerSecond > 0 ? ProgressPrinter.clock((total - done) / bytesPerSecond) : "--:--";
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %.1f/%.1f MB  %s  ETA %s", name, "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), 100L * done / total, done / 1e6, total / 1e6, rate, eta);
    }

    private void line(String text) {
        if (mode == Mode.QUIET) {
            return;
        }
        if (barLength > 0) {
            out.print("\r" + " ".repeat(barLength) + "\r");
            barLength = 0;
        }
        out.println(text);
        out.flush();
    }
}
