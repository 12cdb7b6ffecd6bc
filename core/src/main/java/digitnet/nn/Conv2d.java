package digitnet.nn;

import digitnet.tensor.Im2ColConv;
import digitnet.tensor.Im2Row;
import digitnet.tensor.ConvGeometry;
import digitnet.tensor.MatMul;
import digitnet.tensor.Ops;
import digitnet.tensor.PooledConvGradient;
import digitnet.tensor.Tensor;
import java.util.List;

/**
 * A 2-d convolution with a square kernel, stride and zero padding, as PyTorch's {@code Conv2d}:
 * weight (out, in, K, K) held as a (out, in*K*K) tensor, bias (out). Computed as a matrix product
 * ("im2row", see {@link Im2Row}): each output pixel's input patch becomes a row, and
 * rows (batch*pixels, in*K*K) x W^T (in*K*K, out) gives every output channel of every pixel at
 * once in the vectorised, multi-threaded {@link MatMul} kernels. With the vector kernels and a
 * number of output channels that is a multiple of the vector width, it is computed instead as one
 * product per sample on the NCHW images ({@link Im2ColConv}, "im2col"), which needs no transposes
 * and keeps each sample's blocks in cache; bench/results/LAB-LOG.md, "From docs/cnn-speed.md" has the measurements that chose these
 * over a direct convolution and Winograd's.
 */
public final class Conv2d implements Layer {
    private final Shape in, out;
    private final ConvGeometry g;
    private final int outChannels;
    private final Tensor weight, bias;           // (out, in*K*K), (1, out)
    private final Tensor dWeight, dBias;         // (out, in*K*K), (1, out)
    private final Tensor weightT;                // (in*K*K, out)
    private final boolean needsInputGradient;
    private Tensor rows, yRows, y;               // (batch*pixels, in*K*K), (batch*pixels, out), (batch, out*pixels)
    private Tensor dYRows, dRows, dX;            // (batch*pixels, out), (batch*pixels, in*K*K), (batch, in*H*W)
    private final Tensor dWeightT;               // (in*K*K, out), im2col only
    private Tensor cols, dYT;                    // im2col only: (batch, in*K*K * padded pixels), (batch*padded pixels, out); null unless kept, transposed
    private Tensor x;                            // the forward pass's input
    private boolean keepsCols;
    private boolean im2col;                      // which formulation the last forward used

    /**
     * @param needsInputGradient false for the first layer: nothing consumes dX there, so the
     *                           backward pass skips its product and the row2im
     */
    public Conv2d(Shape in, int outChannels, int kernel, int stride, int padding, boolean needsInputGradient) {
        this.g = new ConvGeometry(in.channels(), in.height(), in.width(), kernel, stride, padding);
        if (outChannels <= 0) {
            throw new IllegalArgumentException("conv output channels must be positive, got " + outChannels);
        }
        this.in = in;
        this.out = Shape.of(outChannels, g.outHeight(), g.outWidth());
        this.outChannels = outChannels;
        this.weight = new Tensor(outChannels, g.patch());
        this.bias = new Tensor(1, outChannels);
        this.dWeight = new Tensor(outChannels, g.patch());
        this.dBias = new Tensor(1, outChannels);
        this.weightT = new Tensor(g.patch(), outChannels);
        this.dWeightT = new Tensor(g.patch(), outChannels);
        this.needsInputGradient = needsInputGradient;
    }

    // x: (batch, in*H*W) -> y: (batch, out*OH*OW)
    @Override
    public Tensor forward(Tensor x, boolean training) {
        int batch = x.rows(), pixels = g.outArea();
        y = Tensor.ensure(y, batch, out.size());
        im2col = Im2ColConv.fits(g, outChannels);
        this.x = x;
        if (im2col) {
            keepsCols = Im2ColConv.keepsCols(g, outChannels);      // else the weight gradient reads x in place or makes them again
            cols = keepsCols ? Tensor.ensure(cols, batch, g.patch() * Im2ColConv.paddedPixels(g)) : null;
            Im2ColConv.forward(x, g, weight, bias, cols, y);        // y_n = W cols_n + b, cols_n[(c, kh, kw), pixel] = x[n, c, ih, iw]
            return y;
        }
        rows = Tensor.ensure(rows, batch * pixels, g.patch());
        yRows = Tensor.ensure(yRows, batch * pixels, outChannels);
        Im2Row.im2row(x, g, rows);                              // rows[(n, pixel), (c, kh, kw)] = x[n, c, ih, iw]
        Ops.transpose(weight, weightT);
        MatMul.multiplyAddBias(rows, weightT, bias, yRows);       // yRows = rows W^T + b
        Im2Row.transposeSamples(yRows, batch, pixels, outChannels, y);   // (pixel, out) -> (out, pixel) per sample
        return y;
    }

    // dY: (batch, out*OH*OW) -> dX: (batch, in*H*W); writes dW (out, in*K*K), dB (1, out)
    @Override
    public Tensor backward(Tensor dY) {
        int batch = dY.rows(), pixels = g.outArea();
        if (im2col) {
            return backwardIm2col(dY, batch);
        }
        dYRows = Tensor.ensure(dYRows, batch * pixels, outChannels);
        Im2Row.transposeSamples(dY, batch, outChannels, pixels, dYRows);   // (out, pixel) -> (pixel, out)
        MatMul.multiplyTransA(dYRows, rows, dWeight);             // yRows = rows W^T  =>  dW = dYRows^T rows
        Ops.sumRows(dYRows, dBias);                               // yRows += b  =>  dB = sum over (n, pixel) of dYRows
        if (!needsInputGradient) {
            return null;
        }
        dRows = Tensor.ensure(dRows, batch * pixels, g.patch());
        MatMul.multiply(dYRows, weight, dRows);                   // yRows = rows W^T  =>  dRows = dYRows W
        dX = Tensor.ensure(dX, batch, in.size());
        Im2Row.row2im(dRows, g, dX);                            // rows = im2row(x)  =>  dX = row2im(dRows)
        return dX;
    }

    /**
     * Whether {@link #backwardFromPooled} can stand for {@link #backward} after the last forward pass: a first layer
     * on the im2col path whose weight gradient goes by dot products, or a layer whose geometry {@link
     * PooledConvGradient} takes (kernel rows of at least a vector of inputs).
     */
    boolean takesPooledGradient() {
        return firstByDots() || PooledConvGradient.fits(g);
    }

    private boolean firstByDots() {
        return im2col && !needsInputGradient && Im2ColConv.byDots(g, outChannels);
    }

    /**
     * {@link #backward} where dY is the gradient of a max pooling that follows: dPooled at each window's maximum
     * (argmax into this layer's output), 0 elsewhere; dY itself is never made. A first layer by dot products writes
     * dW and dB as backward would, bit for bit ({@link Im2ColConv#weightGradientFromPooled}); other layers from the
     * maxima alone ({@link PooledConvGradient}), equal to backward's to rounding. Returns dX, null for a first layer.
     */
    Tensor backwardFromPooled(Tensor dPooled, int[] argmax) {
        if (firstByDots()) {
            Im2ColConv.weightGradientFromPooled(x, dPooled, argmax, g, dWeightT, dBias);   // dW^T = sum over n of cols_n dY_n^T
            Ops.transpose(dWeightT, dWeight);
            return null;
        }
        dX = needsInputGradient ? Tensor.ensure(dX, dPooled.rows(), in.size()) : null;
        PooledConvGradient.backward(x, g, weight, dPooled, argmax, dWeight, dBias, dX);   // dY = dPooled at the maxima, else 0
        return dX;
    }

    private Tensor backwardIm2col(Tensor dY, int batch) {
        dYT = Im2ColConv.transposesDY(g, outChannels) ? Tensor.ensure(dYT, batch * Im2ColConv.paddedPixels(g), outChannels) : null;
        Im2ColConv.weightGradient(x, cols, dY, g, dYT, dWeightT, dBias);   // y_n = W cols_n + b  =>  dW^T = sum over n of cols_n dY_n^T, dB = sum of dY
        Ops.transpose(dWeightT, dWeight);
        if (!needsInputGradient) {
            return null;
        }
        dX = Tensor.ensure(dX, batch, in.size());
        Im2ColConv.inputGradient(dY, g, weight, dX);            // y_n = W cols_n  =>  dX_n = col2im(W^T dY_n)
        return dX;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weight", weight, dWeight), new Parameter("bias", bias, dBias));
    }

    /** (out, in*K*K): row o holds filter o in PyTorch's (in, K, K) order. */
    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public int[] stateShape(String localName, Tensor value) {
        return localName.equals("weight") ? new int[] {outChannels, in.channels(), g.kernel(), g.kernel()}
                : new int[] {outChannels};
    }

    public int kernel() {
        return g.kernel();
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    @Override
    public String kind() {
        return "conv";
    }
}
