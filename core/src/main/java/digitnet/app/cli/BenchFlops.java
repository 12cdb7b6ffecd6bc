package digitnet.app.cli;

import java.util.Locale;

/**
 * The floating-point work of the bench's workloads, counted as their dense formulation does it (2
 * FLOPs per multiply-add of the matrix products; element-wise work, the loss and the optimizer not
 * counted), so that a time becomes GFLOP/s and a share of the machine's FMA peak. digitnet reads the
 * first layer's input sparse where the images are mostly zero, and so does fewer operations than
 * counted: its figure is then the dense-equivalent rate, the one the peers' dense products run at.
 */
final class BenchFlops {
    private BenchFlops() {}

    /**
     * One full-batch iteration of the notebook's 784-10-10 per row: the forward products of both
     * layers (784*10 + 10*10), both weight gradients (784*10 + 10*10) and the hidden layer's input
     * gradient (10*10; the first layer computes none).
     */
    static final double NOTEBOOK_ROW = 2.0 * (2 * 784 * 10 + 3 * 10 * 10);
    /** One image's forward pass through 784-128-10. */
    static final double MLP_FORWARD = 2.0 * (784 * 128 + 128 * 10);
    /** One image's training step of 784-128-10: the forward pass, both weight gradients and the hidden layer's input gradient. */
    static final double MLP_TRAIN = 2.0 * (2 * 784 * 128 + 3 * 128 * 10);

    static double gflops(double flops, double seconds) {
        return flops / seconds / 1e9;
    }

    /** "(41.9 GFLOP/s, 9% of peak)", without the share when the peak was not measured (NaN). */
    static String rate(double flops, double seconds, double peak) {
        double g = gflops(flops, seconds);
        return String.format(Locale.ROOT, "(%5.1f GFLOP/s%s)", g, share(g, peak));
    }

    /** ", 17% of peak", or nothing when the peak was not measured. */
    static String share(double gflops, double peak) {
        return peak > 0 ? String.format(Locale.ROOT, ", %.0f%% of peak", 100 * gflops / peak) : "";
    }
}
