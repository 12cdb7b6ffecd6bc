package digitnet.app.cli;

import digitnet.train.Progress;
import digitnet.train.ProgressListener;
import digitnet.train.Settings;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training progress: one line per progress record, and on a terminal a progress bar that
 * is redrawn in place during mini-batch epochs (rate, ETA, running loss and accuracy).
 */
final class ProgressPrinter implements ProgressListener {
    /** How progress is shown. */
    enum Mode { BAR, LINES, QUIET }

    private static final long REDRAW_NANOS = 100_000_000L;   // at most 10 redraws a second
    private static final int BAR_WIDTH = 24;

    private final PrintWriter out;
    private final boolean fullBatch;
    private final int epochs;
    private final Mode mode;
    private long firstBatchNanos = -1, lastDrawNanos;
    private int barLength;

    ProgressPrinter(PrintWriter out, Settings config, Mode mode) {
        this(out, config.steps().fullBatch(), config.steps().epochs(), mode);
    }

    /** Progress of a full-batch run or of a mini-batch run of {@code epochs} epochs. */
    ProgressPrinter(PrintWriter out, boolean fullBatch, int epochs, Mode mode) {
        this.out = out;
        this.fullBatch = fullBatch;
        this.epochs = epochs;
        this.mode = mode;
    }

    @Override
    public void onProgress(Progress p) {
        if (mode == Mode.QUIET) {
            return;
        }
        clearBar();
        out.println(line(p, fullBatch));
        out.flush();
    }

    @Override
    public void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {
        if (mode != Mode.BAR) {
            return;
        }
        long now = System.nanoTime();
        if (firstBatchNanos < 0) {
            firstBatchNanos = now;
        }
        if (now - lastDrawNanos < REDRAW_NANOS && batch != batches) {
            return;
        }
        lastDrawNanos = now;
        long total = (long) epochs * batches, done = (long) (epoch - 1) * batches + batch;
        String bar = bar(epoch, epochs, batch, batches, done, total, (now - firstBatchNanos) / 1e9,
                meanLoss, meanAccuracy);
        out.print("\r" + bar + " ".repeat(Math.max(0, barLength - bar.length())));
        out.flush();
        barLength = bar.length();
    }

    /** The in-place bar: {@code epoch 3/10 [#####.....]  45%  812 batch/s  ETA 0:12  loss 0.3421  acc 0.9012}. */
    static String bar(int epoch, int epochs, int batch, int batches, long done, long total, double seconds,
                      double loss, double accuracy) {
        int filled = (int) ((long) BAR_WIDTH * batch / batches);
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? clock((total - done) / rate) : "--:--";
        return String.format(Locale.ROOT, "epoch %d/%d [%s%s] %3d%%  %.0f batch/s  ETA %s  loss %.4f  acc %.4f",
                epoch, epochs, "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), 100L * batch / batches, rate, eta,
                loss, accuracy);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** One plain progress line (what pipes, CI logs and --json's stderr get). */
    static String line(Progress p, boolean fullBatch) {
        String head = fullBatch
                ? String.format(Locale.ROOT, "iteration %4d", p.iteration())
                : String.format(Locale.ROOT, "epoch %3d", p.epoch());
        return String.format(Locale.ROOT, "%s  loss %.4f  train acc %.4f  dev acc %s  %.2fs", head, p.trainLoss(),
                p.trainAccuracy(), Double.isNaN(p.devAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", p.devAccuracy()),
                p.seconds());
    }

    private void clearBar() {
        if (barLength > 0) {
            out.print("\r" + " ".repeat(barLength) + "\r");
            barLength = 0;
        }
    }
}
