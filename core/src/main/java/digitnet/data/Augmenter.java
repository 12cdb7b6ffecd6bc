package digitnet.data;

import digitnet.tensor.Ops;
import digitnet.tensor.RangeJob;
import digitnet.tensor.Tensor;
import java.util.Random;

/**
 * Random image distortions applied on the fly to a float batch (one image per row, channels x
 * height x width, channel-major; every channel of an image moves the same way): a small rotation, a small translation, and an elastic distortion (Simard,
 * Steinkraus and Platt, "Best Practices for Convolutional Neural Networks Applied to Visual
 * Document Analysis", ICDAR 2003, section 2: a random displacement field smoothed by a Gaussian
 * of width sigma and scaled by alpha). Each output pixel is read from the distorted position in
 * the original by bilinear interpolation; positions outside the image read 0 (the background).
 *
 * <p>Sizes are fractions of the image size, so the same settings fit any image size.
 *
 * <p>A batch's images are distorted in parallel over the {@link digitnet.tensor.Parallel#shared()
 * shared pool}: {@link #apply} first draws one seed per row from the caller's generator, in row
 * order, and each row's distortion is drawn from its own seed ({@link SplitMix64}), so a batch comes out the same bit for
 * bit at any thread count. Each pool thread keeps its own buffers (allocated on its first image);
 * nothing is allocated per batch once the largest batch has been seen.
 */
public final class Augmenter {

    /**
     * @param maxShift    largest translation, as a fraction of the image width / height
     * @param maxDegrees  largest rotation, either way
     * @param alpha       elastic displacement scale, as a fraction of the image size
     * @param sigma       elastic smoothing width, as a fraction of the image size; 0 turns elastic off
     */
    public record Settings(double maxShift, double maxDegrees, double alpha, double sigma) {
        public Settings {
            if (!(maxShift >= 0 && maxShift < 0.5) || !(maxDegrees >= 0 && maxDegrees <= 180)
                    || !(alpha >= 0 && alpha < 10) || !(sigma >= 0 && sigma < 1)) {
                throw new IllegalArgumentException("augmentation settings out of range: " + this);
            }
        }

        /** Shifts up to 4% of the size, rotations up to 8 degrees, mild elastic distortion. */
        public static Settings standard() {
            return new Settings(0.04, 8, 0.6, 0.12);
        }
    }

    /** Multiply-adds of one image's distortion below which a batch stays on the calling thread. */
    private static final long GRAIN = 1 << 16;

    private final int channels, height, width;
    private final int framedWidth;            // a row of the source framed by a pixel of zeros: width + 2
    private final Settings settings;
    private final float[] kernel;             // Gaussian taps, 2 * radius + 1
    private final int radius;
    private final ThreadLocal<Scratch> scratch;
    private final Rows rows = new Rows();
    private long[] seeds = new long[0];       // one per row of the current batch

    /** One thread's buffers: the original image, the displacement field, the smoothing's, and its generator. */
    private static final class Scratch {
        final float[] source;                     // the original image, each channel framed by a pixel of zeros: (channels * (height + 2) * (width + 2))
        final float[] dx, dy;                     // the displacement field: (height * width) each
        final float[] noiseT, rowsT, rowsV;       // the field's smoothing: see randomField
        final SplitMix64 random = new SplitMix64(0);

        Scratch(int channels, int height, int width, int radius) {
            int n = height * width;
            source = new float[channels * (height + 2) * (width + 2)];
            dx = new float[n];
            dy = new float[n];
            noiseT = new float[(width + 2 * radius) * height];
            rowsT = new float[n];
            rowsV = new float[(height + 2 * radius) * width];
        }
    }

    /** Distorts rows [from, to) of the current batch, each from its own seed. */
    private final class Rows extends RangeJob {
        float[] data;
        int cols;

        @Override
        protected void range(int from, int to) {
            Scratch s = scratch.get();
            for (int r = from; r < to; r++) {
                s.random.seed(seeds[r]);
                distort(s, data, r * cols);
            }
        }

        void run(Tensor x) {
            data = x.data;
            cols = x.cols;
            long perImage = (long) height * width * (4L * radius + 8 + 4L * channels);
            split(x.rows(), 1, perImage * x.rows(), GRAIN);
            data = null;
        }
    }

    /** For grey images (1 channel). */
    public Augmenter(int height, int width, Settings settings) {
        this(1, height, width, settings);
    }

    public Augmenter(int channels, int height, int width, Settings settings) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.settings = settings;
        this.framedWidth = width + 2;
        double sigmaPx = settings.sigma() * Math.max(height, width);
        this.radius = sigmaPx > 0 ? (int) Math.ceil(3 * sigmaPx) : 0;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(channels, height, width, radius));
        this.kernel = new float[2 * radius + 1];
        if (sigmaPx > 0) {
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                sum += kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigmaPx * sigmaPx));
            }
            for (int k = 0; k < kernel.length; k++) {
                kernel[k] /= (float) sum;
            }
        }
    }

    /**
     * Distorts every row of x in place, drawing one seed per row from {@code random}.
     * x: (batch, channels * height * width).
     */
    public void apply(Tensor x, Random random) {
        if (x.cols != channels * height * width) {
            throw new IllegalArgumentException("batch has " + x.cols + " columns, images have "
                    + channels * height * width + (channels == 1 ? " pixels" : " values"));
        }
        if (seeds.length < x.rows()) {
            seeds = new long[x.rows()];
        }
        for (int r = 0; r < x.rows(); r++) {
            seeds[r] = random.nextLong();
        }
        rows.run(x);
    }

    private void distort(Scratch s, float[] data, int offset) {
        int n = height * width;
        float[] source = s.source, dx = s.dx, dy = s.dy;
        int fw = framedWidth, fn = (height + 2) * fw;   // the framed image's row and channel
        for (int c = 0; c < channels; c++) {            // the frame is never written: it stays 0
            for (int i = 0; i < height; i++) {
                System.arraycopy(data, offset + c * n + i * width, source, c * fn + (i + 1) * fw + 1, width);
            }
        }
        double angle = Math.toRadians((s.random.nextDouble() * 2 - 1) * settings.maxDegrees());
        double tx = (s.random.nextDouble() * 2 - 1) * settings.maxShift() * width;
        double ty = (s.random.nextDouble() * 2 - 1) * settings.maxShift() * height;
        boolean elastic = radius > 0 && settings.alpha() > 0;
        if (elastic) {
            float scale = (float) (settings.alpha() * Math.max(height, width));
            randomField(s, dx, scale);
            randomField(s, dy, scale);
        }
        float cos = (float) Math.cos(angle), sin = (float) Math.sin(angle);
        float cx = (width - 1) / 2f, cy = (height - 1) / 2f;
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                // where output pixel (i, j) comes from: rotate about the centre, shift, displace
                float u = cos * (j - cx) + sin * (i - cy) + cx - (float) tx;
                float v = -sin * (j - cx) + cos * (i - cy) + cy - (float) ty;
                if (elastic) {
                    u += dx[i * width + j];
                    v += dy[i * width + j];
                }
                for (int c = 0; c < channels; c++) {
                    data[offset + c * n + i * width + j] = bilinear(source, c * fn, u, v);
                }
            }
        }
    }

    /**
     * field = scale * Gaussian-smoothed uniform(-1, 1) noise (separable: along the rows, then down the
     * columns). Each pass is one {@link Ops#tapSum} down columns, all of them at once, over a buffer
     * framed above and below by {@code radius} rows of zeros (written never, so out-of-image taps add 0):
     * the row pass runs on the noise stored transposed (noiseT, one row per image column), the column
     * pass on its result transposed back (rowsV). Every value's sum runs over the taps in order from 0,
     * a product then a sum per tap, so the field is the same, bit for bit, as that of the plain loops
     * {@code rows[i][j] = sum_k kernel[k] noise[i][j + k - radius]}, then {@code sum_k kernel[k] rows[i + k - radius][j]}.
     */
    private void randomField(Scratch s, float[] field, float scale) {
        float[] noiseT = s.noiseT, rowsT = s.rowsT, rowsV = s.rowsV;
        for (int i = 0; i < height; i++) {                 // drawn in row-major order, stored transposed
            for (int j = 0; j < width; j++) {
                noiseT[(j + radius) * height + i] = s.random.nextFloat() * 2 - 1;
            }
        }
        Ops.tapSum(rowsT, 0, noiseT, 0, height, kernel, width * height);   // rowsT[j][i] = sum_k kernel[k] noise[i][j + k - radius]
        for (int j = 0; j < width; j++) {
            for (int i = 0; i < height; i++) {
                rowsV[(i + radius) * width + j] = rowsT[j * height + i];
            }
        }
        Ops.tapSum(field, 0, rowsV, 0, width, kernel, height * width);     // field[i][j] = sum_k kernel[k] rows[i + k - radius][j]
        for (int p = 0; p < height * width; p++) {
            field[p] *= scale;
        }
    }

    /**
     * The original image's channel starting at {@code plane} of the framed source, at (column u, row v),
     * bilinearly interpolated; 0 outside. The frame of zeros stands for the neighbours outside the image,
     * so a position whose four neighbours are not all outside reads them with no test each.
     */
    private float bilinear(float[] framed, int plane, float u, float v) {
        int j0 = (int) Math.floor(u), i0 = (int) Math.floor(v);
        if (i0 < -1 || j0 < -1 || i0 >= height || j0 >= width) {
            return 0f;
        }
        float fu = u - j0, fv = v - i0;
        int fw = framedWidth, at = plane + (i0 + 1) * fw + j0 + 1;
        return (1 - fv) * ((1 - fu) * framed[at] + fu * framed[at + 1])
                + fv * ((1 - fu) * framed[at + fw] + fu * framed[at + fw + 1]);
    }
}
