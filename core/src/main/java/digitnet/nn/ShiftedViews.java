package digitnet.nn;

import digitnet.tensor.Tensor;

/**
 * Test-time views: each image as it is and moved by one step right, left, down and up, the edge
 * pixels repeated into the gap; {@link Predictor} averages the five views' probabilities. A step
 * is the augmentation's standard shift, 4% of the side, rounded, and at least one pixel (one
 * pixel at 28x28). Like augmentation, views need images of at least {@link #MIN_SIDE} pixels a
 * side: a one-pixel move is a large change of a smaller image.
 */
public final class ShiftedViews {
    /** The image itself and its four moved copies. */
    public static final int VIEWS = 5;
    /** The shortest image side views are made for (the presets' augmentation rule). */
    public static final int MIN_SIDE = 12;
    private static final double SHIFT = 0.04;
    // (down, right) of each view, in steps
    private static final int[][] MOVES = {{0, 0}, {0, 1}, {0, -1}, {1, 0}, {-1, 0}};

    private ShiftedViews() {}

    /** Whether images of this size get views. */
    public static boolean fits(int height, int width) {
        return Math.min(height, width) >= MIN_SIDE;
    }

    /** The pixels of one step along a side of {@code side} pixels. */
    static int step(int side) {
        return Math.max(1, (int) Math.round(SHIFT * side));
    }

    /**
     * dst's first {@code rows} rows = src's rows seen as view {@code view} (0 = as they are):
     * dst(c, y, x) = src(c, clamp(y - down), clamp(x - right)). src, dst: (rows, C*H*W) in NCHW order.
     */
    static void view(Tensor src, Tensor dst, int rows, int channels, int height, int width, int view) {
        int down = MOVES[view][0] * step(height), right = MOVES[view][1] * step(width);
        int area = height * width, size = channels * area;
        float[] s = src.data, d = dst.data;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < channels; c++) {
                int plane = r * size + c * area;
                for (int y = 0; y < height; y++) {
                    int from = plane + clamp(y - down, height) * width, to = plane + y * width;
                    copyRow(s, from, d, to, width, right);
                }
            }
        }
    }

    // d[to + x] = s[from + clamp(x - right)] for x < width
    private static void copyRow(float[] s, int from, float[] d, int to, int width, int right) {
        int lo = Math.max(0, Math.min(width, right)), hi = Math.min(width, Math.max(0, width + right));
        // x in [lo, hi): read x - right, inside the row
        System.arraycopy(s, from + lo - right, d, to + lo, hi - lo);
        float first = s[from], last = s[from + width - 1];
        for (int x = 0; x < lo; x++) {
            d[to + x] = first;
        }
        for (int x = hi; x < width; x++) {
            d[to + x] = last;
        }
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : Math.min(i, n - 1);
    }
}
