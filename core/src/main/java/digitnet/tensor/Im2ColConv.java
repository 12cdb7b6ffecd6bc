package digitnet.tensor;

import java.util.Arrays;

/**
 * The im2col formulation of a convolution: one matrix product per sample on NCHW images, with no
 * transposes of the activations. Each sample's patches are laid out as columns, cols_n (C*K*K,
 * pixels), a pixel row padded with zeros to a whole number of vectors ({@link #paddedPixels}); then
 * <pre>
 *   forward     y_n (out, pixels)      = W (out, C*K*K) cols_n + b
 *   weights     dW^T (C*K*K, out)     += cols_n dY_n^T (pixels, out), over n = 0, 1, ... in order
 *   input       dCols_n (C*K*K, pixels) = W^T dY_n;  dX_n = col2im(dCols_n)
 * </pre>
 * (the weights' line, when its lane-wise partial sums fit in L1, as dot products along the pixels
 * of dY_n and cols_n instead: {@link #byDots}; there cols_n is made again from x_n, one sample at a
 * time, rather than kept from the forward pass, {@link #keepsCols}: a first layer's cols are K*K
 * times its input, and reading them back from memory cost more than making them; at stride 1 without padding, the
 * weights' line reads each row of cols_n in place from x_n, {@link #readsInputInPlace}, so the forward pass makes each
 * sample's cols in scratch and keeps none). A sample's blocks fit in the second-level cache,
 * so each product reads what the rearrangement just wrote. The products are the {@link Kernels}'
 * {@code gemmBlock} and {@code laneDots}. The forward and input passes are split over the
 * {@link Parallel#shared() shared pool} by samples, the weight gradient by rows of dW^T with the
 * sum over samples inside each row ({@link RangeJob}): every output is computed by one thread in
 * a fixed order, so results are the same bit for bit at any thread count. {@code Conv2d} uses it
 * when the kernels prefer it ({@link #fits}: the vector kernels and output channels in whole
 * vectors), {@link Im2Row} otherwise. The package-private forms that take the {@code Kernels}
 * let tests run both kinds.
 */
public final class Im2ColConv {
    /** Multiply-adds below which a call stays on the calling thread. */
    private static final long GRAIN = 1 << 16;
    private static final ThreadLocal<Forward> FORWARD = ThreadLocal.withInitial(Forward::new);
    private static final ThreadLocal<WeightsInPlace> WEIGHTS_IN_PLACE = ThreadLocal.withInitial(WeightsInPlace::new);
    private static final ThreadLocal<TransposeDY> TRANSPOSE_DY = ThreadLocal.withInitial(TransposeDY::new);
    private static final ThreadLocal<WeightsByDots> WEIGHTS_BY_DOTS = ThreadLocal.withInitial(WeightsByDots::new);
    private static final ThreadLocal<Weights> WEIGHTS = ThreadLocal.withInitial(Weights::new);
    private static final ThreadLocal<Input> INPUT = ThreadLocal.withInitial(Input::new);
    /** Per-thread scratch: [0] the last one or two vectors of each row of one sample's output, or its padded dY (out, paddedPixels), or the dots' partial sums; [1] its dCols, or the bias's; [2] a sample's cols when not kept; [3] its padded dY rows. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[4][0]);

    private Im2ColConv() {}

    /**
     * Whether {@code Conv2d} computes a convolution with {@code outChannels} outputs here: when the
     * kernels prefer it ({@link Kernels#prefersIm2Col}: whole vectors of outputs), or, with vector
     * kernels, when the weight gradient goes by dot products ({@link #byDots}), the one product whose
     * columns are the outputs (so a first layer of 8 channels is not left to im2row, 2.5x slower).
     */
    public static boolean fits(ConvGeometry g, int outChannels) {
        Kernels kernels = Kernels.active();
        return kernels.prefersIm2Col(outChannels) || kernels.lanes() > 1 && byDots(kernels, g, outChannels);
    }

    /** Output pixels per sample rounded up to whole vectors: the row length of cols. */
    public static int paddedPixels(ConvGeometry g) {
        return paddedPixels(Kernels.active(), g);
    }

    static int paddedPixels(Kernels kernels, ConvGeometry g) {
        int lanes = kernels.lanes();
        return (g.outArea() + lanes - 1) / lanes * lanes;
    }

    /**
     * Writes cols and y = conv(x). x: (batch, C*H*W), weight: (out, C*K*K), bias: (1, out) ->
     * cols: (batch, C*K*K * paddedPixels), y: (batch, out*OH*OW). cols may be null when the
     * weight gradient does not read it ({@link #keepsCols}): each sample's are then made in scratch.
     */
    public static void forward(Tensor x, ConvGeometry g, Tensor weight, Tensor bias, Tensor cols, Tensor y) {
        forward(Kernels.active(), x, g, weight, bias, cols, y);
    }

    static void forward(Kernels kernels, Tensor x, ConvGeometry g, Tensor weight, Tensor bias, Tensor cols, Tensor y) {
        int batch = x.rows(), out = weight.rows();
        check(x.cols == g.inSize() && weight.cols == g.patch() && bias.cols == out
                && (cols == null || cols.rows() == batch && cols.cols == g.patch() * paddedPixels(kernels, g))
                && y.rows() == batch && y.cols == out * g.outArea(), "forward", x, y);
        Forward job = FORWARD.get();
        job.packedWeight = packed(job.packedWeight, kernels, out, g.patch());
        kernels.packRows(weight.data, 0, g.patch(), 1, out, g.patch(), job.packedWeight);   // W (out, C*K*K)
        job.x = x.data;
        job.bias = bias.data;
        job.cols = cols == null ? null : cols.data;
        job.y = y.data;
        job.inPlace = cols == null && forwardReadsInPlace(kernels, g, out)
                && x.data.length - (long) batch * g.inSize() >= kernels.lanes() + g.kernel() - 2;
        job.rowAt = job.inPlace ? rowAt(job.rowAt, g) : job.rowAt;
        job.run(kernels, g, batch, out, batch, 1);
    }

    /**
     * dWeightT = sum over samples of cols_n dY_n^T and dBias = sum of dY over samples and pixels.
     * dYT is scratch: dY with each sample's block transposed to (paddedPixels, out), or, when the
     * lane-wise partial sums of every (out, C*K*K) pair fit in cache ({@link #byDots}), padded to
     * (out, paddedPixels), so that the gradient is a dot product along the pixels.
     * x: (batch, C*H*W), cols: (batch, C*K*K * paddedPixels), dY: (batch, out*OH*OW), dYT: (batch *
     * paddedPixels, out) -> dWeightT: (C*K*K, out), dBias: (1, out). By dot products, cols and dYT are
     * not read and may be null: each sample's cols and padded dY are made from x and dY in scratch.
     */
    public static void weightGradient(Tensor x, Tensor cols, Tensor dY, ConvGeometry g, Tensor dYT, Tensor dWeightT,
                                      Tensor dBias) {
        weightGradient(Kernels.active(), x, cols, dY, g, dYT, dWeightT, dBias);
    }

    static void weightGradient(Kernels kernels, Tensor x, Tensor cols, Tensor dY, ConvGeometry g, Tensor dYT,
                               Tensor dWeightT, Tensor dBias) {
        int batch = dY.rows(), out = dWeightT.cols, pad = paddedPixels(kernels, g);
        boolean dots = byDots(kernels, g, out);
        boolean inPlace = !dots && cols == null;
        check(x.rows() == batch && x.cols == g.inSize() && dY.cols == out * g.outArea()
                && (dots || (inPlace ? readsInputInPlace(g) : cols.rows() == batch && cols.cols == g.patch() * pad)
                        && dYT.rows() == batch * pad && dYT.cols == out)
                && dWeightT.rows() == g.patch() && dBias.cols == out, "weightGradient", dY, dWeightT);
        if (dots) {
            WeightsByDots job = WEIGHTS_BY_DOTS.get();
            job.x = x.data;
            job.dY = dY.data;
            job.dPooled = null;
            job.dWeightT = dWeightT.data;
            job.dBias = dBias.data;
            job.run(kernels, g, batch, out, out, onePartPerThread(out, 4));   // each part makes every sample's cols
            return;
        }
        TransposeDY pass = TRANSPOSE_DY.get();
        pass.dY = dY.data;
        pass.dYT = dYT.data;
        pass.run(kernels, g, batch, out, batch, 1);
        // one part per thread: every part reads all of each sample's dYT (and copies it into its panel), so
        // more parts multiply that traffic (the Keras convnet's second layer: 2.7 -> 2.1 ms at 2 threads)
        if (inPlace) {
            WeightsInPlace job = WEIGHTS_IN_PLACE.get();
            job.x = x.data;
            job.rowAt = rowAt(job.rowAt, g);
            job.dYT = dYT.data;
            job.dWeightT = dWeightT.data;
            job.run(kernels, g, batch, out, g.patch(), onePartPerThread(g.patch(), 8));
        } else {
            Weights job = WEIGHTS.get();
            job.cols = cols.data;
            job.dYT = dYT.data;
            job.dWeightT = dWeightT.data;
            job.run(kernels, g, batch, out, g.patch(), onePartPerThread(g.patch(), 8));
        }
        Ops.sumRows(dYT, dBias);                                   // zero rows past the pixels add nothing
    }

    /**
     * {@link #weightGradient} by dot products ({@link #byDots}) with dY given as the gradient of the max pooling that
     * follows the layer: dY_n is dPooled at each window's maximum (argmax, an index into the batch's output, as
     * {@link PoolOps#maxPool} wrote it) and 0 elsewhere, which is what the pooling's backward pass would write. Each
     * thread lays its rows of dY_n out from the windows, so the batch's dY (the Keras convnet's first layer: 5.5 MB)
     * is never written; the same bits. dPooled: (batch, out*PH*PW) -> dWeightT: (C*K*K, out), dBias: (1, out).
     */
    public static void weightGradientFromPooled(Tensor x, Tensor dPooled, int[] argmax, ConvGeometry g, Tensor dWeightT,
                                                Tensor dBias) {
        Kernels kernels = Kernels.active();
        int batch = dPooled.rows(), out = dWeightT.cols;
        check(byDots(kernels, g, out) && x.rows() == batch && x.cols == g.inSize() && dPooled.cols % out == 0
                && argmax.length >= dPooled.size() && dWeightT.rows() == g.patch() && dBias.cols == out,
                "weightGradientFromPooled", dPooled, dWeightT);
        WeightsByDots job = WEIGHTS_BY_DOTS.get();
        job.x = x.data;
        job.dY = null;
        job.dPooled = dPooled.data;
        job.argmax = argmax;
        job.pooledArea = dPooled.cols / out;
        job.dWeightT = dWeightT.data;
        job.dBias = dBias.data;
        job.run(kernels, g, batch, out, out, onePartPerThread(out, 4));
    }

    /** The alignment that cuts {@code units} into one part per thread of the pool, each a multiple of {@code align}. */
    private static int onePartPerThread(int units, int align) {
        int threads = Parallel.shared().threads();
        int perThread = (units + threads - 1) / threads;
        return (perThread + align - 1) / align * align;
    }

    /**
     * Whether the weight gradient is computed as dot products along the pixels: when the lane-wise
     * partial sums of all (out, C*K*K) pairs fit in the first-level cache (a first layer with few
     * input channels and many pixels), which saves transposing dY.
     */
    public static boolean byDots(ConvGeometry g, int out) {
        return byDots(Kernels.active(), g, out);
    }

    static boolean byDots(Kernels kernels, ConvGeometry g, int out) {
        return (long) out * g.patch() * kernels.lanes() <= 16384;
    }

    /** Output rows laid out at the input's row pitch, OH * W, rounded up to whole vectors. */
    static int pitchedPixels(Kernels kernels, ConvGeometry g) {
        int lanes = kernels.lanes();
        return (g.outHeight() * g.width() + lanes - 1) / lanes * lanes;
    }

    /**
     * Whether {@link #inputGradient} lays dY out by input rows ({@link Kernels#gemmPackedAddInputRows}): at stride 1 without
     * padding, when that widens the product by at most a quarter.
     */
    static boolean byInputRows(Kernels kernels, ConvGeometry g) {
        return g.stride() == 1 && g.padding() == 0 && 4L * pitchedPixels(kernels, g) <= 5L * paddedPixels(kernels, g);
    }

    /** Whether {@link #weightGradient} reads the cols the forward pass writes (else pass null to both). */
    public static boolean keepsCols(ConvGeometry g, int out) {
        return keepsCols(Kernels.active(), g, out);
    }

    static boolean keepsCols(Kernels kernels, ConvGeometry g, int out) {
        return !byDots(kernels, g, out) && !readsInputInPlace(g);
    }

    /** Whether {@link #weightGradient} takes dY transposed in dYT (else pass null). */
    public static boolean transposesDY(ConvGeometry g, int out) {
        return !byDots(Kernels.active(), g, out);
    }

    /**
     * Whether the weight gradient can read each row of cols in place from the input ({@link
     * Kernels#gemmInputRows}): at stride 1 without padding, where row (c, kh, kw) of cols_n is x_n's channel c
     * shifted by kh rows and kw columns, and the forward pass need not write 9.4 MB of cols a batch (the Keras
     * convnet's second layer) for this pass to read back from memory: the same bits, and that convnet's training
     * step 3-7% shorter (bench/results/LAB-LOG.md, "The convolution's weight gradient read in place").
     */
    static boolean readsInputInPlace(ConvGeometry g) {
        return g.stride() == 1 && g.padding() == 0;
    }

    /** Whether the forward pass, given no cols to keep, reads them in place from x: see {@link Forward}. */
    static boolean forwardReadsInPlace(Kernels kernels, ConvGeometry g, int out) {
        return readsInputInPlace(g) && out <= 32 && 2L * out * g.outArea() <= (long) g.patch() * paddedPixels(kernels, g);
    }

    /**
     * Where row (c, kh, kw) of cols starts in a sample's input, for {@link Kernels#gemmInputRows}: written on every
     * call into {@code have}, grown only when a layer's patch is larger than any before (a network's layers share it).
     */
    static int[] rowAt(int[] have, ConvGeometry g) {
        int k = g.kernel(), area = g.height() * g.width();
        int[] at = have != null && have.length >= g.patch() ? have : new int[g.patch()];
        for (int c = 0, q = 0; c < g.channels(); c++) {
            for (int kh = 0; kh < k; kh++) {
                for (int kw = 0; kw < k; kw++, q++) {
                    at[q] = c * area + kh * g.width() + kw;
                }
            }
        }
        return at;
    }

    /** dX = col2im(W^T dY_n) per sample. dY: (batch, out*OH*OW), weight: (out, C*K*K) -> dX: (batch, C*H*W). */
    public static void inputGradient(Tensor dY, ConvGeometry g, Tensor weight, Tensor dX) {
        inputGradient(Kernels.active(), dY, g, weight, dX);
    }

    static void inputGradient(Kernels kernels, Tensor dY, ConvGeometry g, Tensor weight, Tensor dX) {
        int batch = dY.rows(), out = weight.rows();
        check(weight.cols == g.patch() && dY.cols == out * g.outArea() && dX.rows() == batch && dX.cols == g.inSize(),
                "inputGradient", dY, dX);
        Input job = INPUT.get();
        job.packedWeightT = packed(job.packedWeightT, kernels, g.patch(), out);
        if (byInputRows(kernels, g)) {                 // W^T's rows by tap, then channel: see Input
            job.byTap = byTap(job.byTap, weight, g);
            kernels.packRows(job.byTap, 0, 1, g.patch(), g.patch(), out, job.packedWeightT);
            job.rowAt = rowAtByTap(job.rowAt, g);
        } else {
            kernels.packRows(weight.data, 0, 1, g.patch(), g.patch(), out, job.packedWeightT);   // W^T (C*K*K, out)
        }
        job.dY = dY.data;
        job.dX = dX.data;
        job.run(kernels, g, batch, out, batch, 1);
    }

    /** The weight (out, C*K*K) with each row's columns reordered from (c, kh, kw) to (kh, kw, c), into {@code have} when it fits. */
    static float[] byTap(float[] have, Tensor weight, ConvGeometry g) {
        int out = weight.rows(), patch = g.patch(), C = g.channels(), taps = g.kernel() * g.kernel();
        float[] w = have != null && have.length >= out * patch ? have : new float[out * patch];
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < C; c++) {
                for (int t = 0; t < taps; t++) {
                    w[o * patch + t * C + c] = weight.data[o * patch + c * taps + t];
                }
            }
        }
        return w;
    }

    /** The inverse of {@link #byTap}: rows of (kh, kw, c) in {@code byTap} written to {@code weight} (out, C*K*K) as (c, kh, kw). */
    static void fromTap(float[] byTap, ConvGeometry g, Tensor weight) {
        int out = weight.rows(), patch = g.patch(), C = g.channels(), taps = g.kernel() * g.kernel();
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < C; c++) {
                for (int t = 0; t < taps; t++) {
                    weight.data[o * patch + c * taps + t] = byTap[o * patch + t * C + c];
                }
            }
        }
    }

    /** Where row (kh, kw, c) of W^T dY_n, by tap then channel, belongs in a sample's dX: c*H*W + kh*W + kw. */
    static int[] rowAtByTap(int[] have, ConvGeometry g) {
        int k = g.kernel(), C = g.channels(), area = g.height() * g.width();
        int[] at = have != null && have.length >= g.patch() ? have : new int[g.patch()];
        for (int kh = 0, q = 0; kh < k; kh++) {
            for (int kw = 0; kw < k; kw++) {
                for (int c = 0; c < C; c++, q++) {
                    at[q] = c * area + kh * g.width() + kw;
                }
            }
        }
        return at;
    }

    private static void check(boolean ok, String op, Tensor a, Tensor b) {
        if (!ok) {
            throw new IllegalArgumentException("conv " + op + ": shapes " + a + " -> " + b + " do not fit");
        }
    }

    private static float[] scratch(int which, int size) {
        float[][] s = SCRATCH.get();
        if (s[which].length < size) {
            s[which] = new float[size];
        }
        return s[which];
    }

    /** A pass over a batch of one convolution: its kernels, geometry and sizes; units split as the subclass says. */
    private abstract static class Pass extends RangeJob {
        Kernels kernels;
        ConvGeometry g;
        int batch, out, pix, pad, patch;

        void run(Kernels kernels, ConvGeometry g, int batch, int out, int units, int align) {
            this.kernels = kernels;
            this.g = g;
            this.batch = batch;
            this.out = out;
            this.pix = g.outArea();
            this.pad = paddedPixels(kernels, g);
            this.patch = g.patch();
            split(units, align, (long) batch * pad * patch * out, GRAIN);
        }
    }

    /** The job's array for {@link Kernels#packRows} of m rows of k, grown when too small. */
    private static float[] packed(float[] have, Kernels kernels, int m, int k) {
        int size = kernels.packedRowsSize(m, k);
        return have != null && have.length >= size ? have : new float[size];
    }

    /**
     * y_n = W cols_n + b, cols_n = im2col(x_n), by samples; W packed once per call. Without cols to keep, at stride 1
     * without padding, the product reads cols_n in place from x_n ({@link Kernels#gemmPackedInputRows}) into a scratch
     * block at the input's row pitch, whose output rows are then copied into y: where there are at most 32 outputs
     * and that copy (out x pixels) is at most half of the cols im2col would write (C*K*K x padded pixels). Where the
     * copy is larger it costs more than im2col saves (the Keras convnet's first layer, 32 outputs of 9 products: 0.26
     * -> 0.34 ms a batch at 2 threads); with more outputs, the 8-row blocks of W each read x at unaligned offsets,
     * where im2col's copy is made once and read aligned by every block (its second layer, 64 outputs: 1.14-1.20 ms
     * both ways). The budgeted {@code cnn}'s convolutions at width 8 (8 and 16 outputs): 0.47-0.49 -> 0.36-0.40 and
     * 0.41-0.42 -> 0.25-0.28 ms (bench/results/LAB-LOG.md, "The convolution's forward pass read in place").
     */
    private static final class Forward extends Pass {
        float[] x, packedWeight, bias, cols, y;
        int[] rowAt;
        boolean inPlace;

        @Override
        protected void range(int n0, int n1) {
            if (inPlace) {
                int width = pitchedPixels(kernels, g), OW = g.outWidth(), W = g.width();
                float[] block = scratch(3, out * width);
                for (int n = n0; n < n1; n++) {
                    kernels.gemmPackedInputRows(packedWeight, out, x, n * g.inSize(), rowAt, bias, block, width, patch,
                            width);
                    for (int o = 0; o < out; o++) {
                        for (int oh = 0, to = (n * out + o) * pix; oh < g.outHeight(); oh++, to += OW) {
                            System.arraycopy(block, o * width + oh * W, y, to, OW);
                        }
                    }
                }
                return;
            }
            // the products' tiles are 2 vectors wide: the whole pairs of vectors of each output row are written in
            // place; the rest of the row (one or two vectors, pad - full columns) through a buffer
            int full = pix / (2 * kernels.lanes()) * (2 * kernels.lanes()), rest = pad - full;
            for (int n = n0; n < n1; n++) {
                float[] c = cols != null ? cols : scratch(2, patch * pad + kernels.lanes());
                int colsAt = cols != null ? n * patch * pad : 0;
                kernels.im2col(g, pad, x, n * g.inSize(), c, colsAt);
                if (full > 0) {
                    kernels.gemmPacked(packedWeight, out, c, colsAt, pad, y, n * out * pix, pix, bias,
                            Kernels.Start.ROW_BIAS, patch, full, 0, out);
                }
                if (full < pix) {    // in place, these vectors would pass the row's end
                    float[] last = scratch(0, out * rest);
                    kernels.gemmPacked(packedWeight, out, c, colsAt + full, pad, last, 0, rest, bias,
                            Kernels.Start.ROW_BIAS, patch, rest, 0, out);
                    for (int o = 0; o < out; o++) {
                        System.arraycopy(last, o * rest, y, (n * out + o) * pix + full, pix - full);
                    }
                }
            }
        }
    }

    /** dYT[n * pad + p, o] = dY[n, o * pix + p], 0 for p >= pix, by samples. */
    private static final class TransposeDY extends Pass {
        float[] dY, dYT;

        // in blocks of 16 pixels, so that both the rows read and the rows written stay in L1
        @Override
        protected void range(int n0, int n1) {
            for (int n = n0; n < n1; n++) {
                int d0 = n * pad * out, s0 = n * out * pix;
                for (int p0 = 0; p0 < pix; p0 += 16) {
                    int p1 = Math.min(pix, p0 + 16);
                    for (int o = 0; o < out; o++) {
                        int s = s0 + o * pix;
                        for (int p = p0; p < p1; p++) {
                            dYT[d0 + p * out + o] = dY[s + p];
                        }
                    }
                }
                Arrays.fill(dYT, d0 + pix * out, d0 + pad * out, 0f);
            }
        }
    }

    /**
     * dW^T and dB by rows o of dW: lane-wise partial sums of dY_n cols_n^T over every sample in
     * order, then the lanes added in order. Each thread makes each sample's cols_n (C*K*K, pad) from
     * x_n and its rows of dY_n padded to (o1 - o0, pad) in scratch, where the dots read them.
     */
    private static final class WeightsByDots extends Pass {
        float[] x, dY, dWeightT, dBias;
        float[] dPooled;        // or, where dY is null, dY given as a max pooling's gradient (weightGradientFromPooled)
        int[] argmax;
        int pooledArea;

        @Override
        protected void range(int o0, int o1) {
            int L = kernels.lanes();
            float[] part = scratch(0, (o1 - o0) * patch * L), biasPart = scratch(1, (o1 - o0) * L);
            float[] colsN = scratch(2, patch * pad + L), dYN = scratch(3, (o1 - o0) * pad);
            for (int n = 0; n < batch; n++) {
                kernels.im2col(g, pad, x, n * g.inSize(), colsN, 0);
                for (int o = o0; o < o1; o++) {
                    int row = (o - o0) * pad;
                    if (dPooled == null) {
                        System.arraycopy(dY, (n * out + o) * pix, dYN, row, pix);
                        Arrays.fill(dYN, row + pix, row + pad, 0f);
                    } else {                // dY_n[o, p] = dPooled at the window whose maximum is p, else 0
                        Arrays.fill(dYN, row, row + pad, 0f);
                        int at = (n * out + o) * pix - row;
                        for (int w = (n * out + o) * pooledArea, end = w + pooledArea; w < end; w++) {
                            dYN[argmax[w] - at] = dPooled[w];
                        }
                    }
                }
                kernels.laneDots(dYN, -o0 * pad, colsN, 0, part, biasPart, n > 0, pad, patch, o0, o1);
            }
            for (int o = o0; o < o1; o++) {
                for (int q = 0; q < patch; q++) {
                    dWeightT[q * out + o] = laneSum(part, ((o - o0) * patch + q) * L, L);
                }
                dBias[o] = laneSum(biasPart, (o - o0) * L, L);
            }
        }

        private static float laneSum(float[] a, int from, int lanes) {
            float s = 0f;
            for (int i = from; i < from + lanes; i++) {
                s += a[i];
            }
            return s;
        }
    }

    /** Rows q of dW^T = sum over every sample in order of cols_n dYT_n; a part per thread. */
    private static final class Weights extends Pass {
        float[] cols, dYT, dWeightT;

        @Override
        protected void range(int q0, int q1) {
            for (int n = 0; n < batch; n++) {
                kernels.gemmBlock(cols, n * patch * pad, pad, 1, dYT, n * pad * out, out, dWeightT, 0, out, null,
                        n == 0 ? Kernels.Start.ZERO : Kernels.Start.ACCUMULATE, pad, out, q0, q1);
            }
        }
    }

    /** Rows q of dW^T = sum over every sample in order of cols_n dYT_n, cols_n read in place from x_n; a part per thread. */
    private static final class WeightsInPlace extends Pass {
        float[] x, dYT, dWeightT;
        int[] rowAt;

        @Override
        protected void range(int q0, int q1) {
            for (int n = 0; n < batch; n++) {
                kernels.gemmInputRows(x, n * g.inSize(), rowAt, g.width(), g.outHeight(), g.outWidth(), dYT,
                        n * pad * out, out, dWeightT, out, n > 0, out, q0, q1);
            }
        }
    }

    /**
     * dX_n = col2im(W^T dY_n), by samples; W^T packed once per call. At stride 1 without padding, when it costs
     * at most a quarter more columns ({@link #byInputRows}), dY_n is laid out by input rows (pitch {@link
     * #pitchedPixels}), so that each row of W^T dY_n is one run of dX_n, added there as the tile makes it ({@link
     * Kernels#gemmPackedAddInputRows}) rather than written to dCols and added back by col2im. W^T's rows then go by
     * tap (kh, kw), then channel: a tile's rows land in different channels, so no add loads what the store just
     * before it wrote in part (in channel order, rows kw and kw + 1 overlap by all but a float, and the load waited
     * for the store: slower than col2im), and each element of dX adds its taps in col2im's order, from 0: the same
     * bits (bench/results/LAB-LOG.md, "The input gradient added in place").
     */
    private static final class Input extends Pass {
        float[] dY, packedWeightT, dX, byTap;
        int[] rowAt;

        @Override
        protected void range(int n0, int n1) {
            boolean rows = byInputRows(kernels, g);
            for (int n = n0; n < n1; n++) {
                if (rows) {
                    atInputRows(n);
                } else {
                    byPixels(n);
                }
            }
        }

        // dY_n padded to whole vectors of pixels, col2im a pixel row at a time
        private void byPixels(int n) {
            float[] dYPad = scratch(0, out * pad), dCols = scratch(1, patch * pad);
            for (int o = 0; o < out; o++) {
                int row = o * pad;
                System.arraycopy(dY, (n * out + o) * pix, dYPad, row, pix);
                Arrays.fill(dYPad, row + pix, row + pad, 0f);
            }
            kernels.gemmPacked(packedWeightT, patch, dYPad, 0, pad, dCols, 0, pad, null, Kernels.Start.ZERO,
                    out, pad, 0, patch);
            Im2Col.col2im(g, pad, dCols, dX, n * g.inSize());
        }

        // dY_n at the input's row pitch, zeros between the rows; each row of the product added at its place in dX_n,
        // or, where the last row's columns reach past the sample, in scratch then copied
        private void atInputRows(int n) {
            int width = pitchedPixels(kernels, g), OW = g.outWidth(), W = g.width(), size = g.inSize();
            float[] dYRows = scratch(0, out * width);
            Arrays.fill(dYRows, 0, out * width, 0f);
            for (int o = 0; o < out; o++) {
                for (int oh = 0, from = (n * out + o) * pix; oh < g.outHeight(); oh++, from += OW) {
                    System.arraycopy(dY, from, dYRows, o * width + oh * W, OW);
                }
            }
            int reach = rowAt[patch - 1] + width;          // the last row (tap (K-1, K-1), channel C-1) reaches furthest
            if (reach <= size) {
                Arrays.fill(dX, n * size, (n + 1) * size, 0f);
                kernels.gemmPackedAddInputRows(packedWeightT, patch, dYRows, width, dX, n * size, rowAt, out, width);
            } else {
                float[] sum = scratch(1, reach);
                Arrays.fill(sum, 0, reach, 0f);
                kernels.gemmPackedAddInputRows(packedWeightT, patch, dYRows, width, sum, 0, rowAt, out, width);
                System.arraycopy(sum, 0, dX, n * size, size);
            }
        }
    }
}
