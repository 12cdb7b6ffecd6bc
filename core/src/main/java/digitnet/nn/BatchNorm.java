package digitnet.nn;

import digitnet.tensor.RangeJob;
import digitnet.tensor.Tensor;
import java.util.List;

/**
 * Batch normalisation (Ioffe and Szegedy 2015) as PyTorch's {@code BatchNorm2d} over the channels
 * of an image (C, H, W), or {@code BatchNorm1d} over the features of a flat input (n, 1, 1): each
 * channel is normalised by the mean and biased variance of its values over the batch and the
 * pixels, then scaled by weight and shifted by bias. Training also updates the running statistics
 * as PyTorch does (momentum 0.1, the unbiased variance); inference normalises with those.
 */
public final class BatchNorm implements Layer {
    public static final float MOMENTUM = 0.1f, EPS = 1e-5f;

    private final Shape shape;
    private final int channels, area;
    private final Tensor weight, bias, dWeight, dBias;         // (1, C) each
    private final Tensor runningMean, runningVar, batches;     // (1, C), (1, C), (1, 1)
    private final float[] mean, invStd;                        // of the last forward pass, per channel
    private final Train train = new Train();
    private final Eval eval = new Eval();
    private final BackTrain backTrain = new BackTrain();
    private final BackEval backEval = new BackEval();
    private Tensor x, xHat, y, dY, dX;                         // (batch, C*H*W) each
    private boolean lastWasTraining;

    public BatchNorm(Shape shape) {
        this.shape = shape;
        this.channels = shape.channels();
        this.area = shape.area();
        this.weight = new Tensor(1, channels);
        this.bias = new Tensor(1, channels);
        this.dWeight = new Tensor(1, channels);
        this.dBias = new Tensor(1, channels);
        this.runningMean = new Tensor(1, channels);
        this.runningVar = new Tensor(1, channels);
        this.batches = new Tensor(1, 1);
        this.mean = new float[channels];
        this.invStd = new float[channels];
        reset();
    }

    /** PyTorch's initial state: weight 1, bias 0, running mean 0, running variance 1, no batches. */
    public void reset() {
        weight.fill(1f);
        bias.fill(0f);
        runningMean.fill(0f);
        runningVar.fill(1f);
        batches.fill(0f);
    }

    // x: (batch, C*H*W) -> y: (batch, C*H*W)
    // training: y = weight * (x - mean) / sqrt(var + eps) + bias, mean and biased var over (batch, H, W) per channel;
    //           runningMean += momentum (mean - runningMean), runningVar += momentum (unbiased var - runningVar)
    // inference: the same with runningMean, runningVar
    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        this.lastWasTraining = training;
        xHat = Tensor.ensure(xHat, x.rows(), shape.size());
        y = Tensor.ensure(y, x.rows(), shape.size());
        if (training) {
            train.run(x.rows());
        } else {
            eval.run(x.rows());
        }
        if (training) {
            batches.data[0] = Math.min(batches.data[0] + 1, Buffer.MAX_COUNT);
        }
        return y;
    }

    // dY: (batch, C*H*W) -> dX: (batch, C*H*W); writes dWeight, dBias (1, C)
    // y = weight * xHat + bias  =>  dBias = sum dY, dWeight = sum dY xHat;
    // xHat = (x - mean) invStd with mean, var of this batch  =>  dX = weight invStd / M (M dY - dBias - xHat dWeight)
    @Override
    public Tensor backward(Tensor dY) {
        this.dY = dY;
        dX = Tensor.ensure(dX, dY.rows(), shape.size());
        if (lastWasTraining) {
            backTrain.run(dY.rows());
        } else {
            backEval.run(dY.rows());
        }
        return dX;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(new Parameter("weight", weight, dWeight), new Parameter("bias", bias, dBias));
    }

    @Override
    public List<Buffer> buffers() {
        return List.of(new Buffer("running_mean", runningMean, false), new Buffer("running_var", runningVar, false),
                new Buffer("num_batches_tracked", batches, true));
    }

    /** (C,) for weight, bias and the running statistics; a scalar () for num_batches_tracked. */
    @Override
    public int[] stateShape(String localName, Tensor value) {
        return localName.equals("num_batches_tracked") ? new int[0] : new int[] {channels};
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public String kind() {
        return "batchnorm";
    }

    /**
     * One pass over the batch split by channels ({@link RangeJob}): each channel's sums are taken by
     * one thread in a fixed order, so results do not depend on the thread count.
     */
    private abstract class Pass extends RangeJob {
        int batch;

        void run(int batch) {
            this.batch = batch;
            split(channels, 1, (long) batch * shape.size(), 1 << 15);
        }

        @Override
        protected void range(int c0, int c1) {
            for (int c = c0; c < c1; c++) {
                channel(c);
            }
        }

        abstract void channel(int c);

        void normalise(int c, float mu, float is) {
            float[] X = x.data, XH = xHat.data, Y = y.data;
            float g = weight.data[c], b = bias.data[c];
            int stride = shape.size();
            for (int n = 0; n < batch; n++) {
                for (int i = n * stride + c * area, e = i + area; i < e; i++) {
                    float h = (X[i] - mu) * is;
                    XH[i] = h;
                    Y[i] = g * h + b;
                }
            }
        }

        void gradients(int c) {
            float[] D = dY.data, XH = xHat.data;
            int stride = shape.size();
            double db = 0, dg = 0;
            for (int n = 0; n < batch; n++) {
                for (int i = n * stride + c * area, e = i + area; i < e; i++) {
                    db += D[i];
                    dg += D[i] * XH[i];
                }
            }
            dBias.data[c] = (float) db;
            dWeight.data[c] = (float) dg;
        }
    }

    /** Training: the batch's statistics; the running statistics updated. */
    private final class Train extends Pass {
        @Override
        void channel(int c) {
            float[] X = x.data;
            int stride = shape.size(), m = batch * area;
            double sum = 0;
            for (int n = 0; n < batch; n++) {
                for (int i = n * stride + c * area, e = i + area; i < e; i++) {
                    sum += X[i];
                }
            }
            double mu = sum / m, squares = 0;
            for (int n = 0; n < batch; n++) {
                for (int i = n * stride + c * area, e = i + area; i < e; i++) {
                    double d = X[i] - mu;
                    squares += d * d;
                }
            }
            double var = squares / m;
            mean[c] = (float) mu;
            invStd[c] = (float) (1 / Math.sqrt(var + EPS));
            normalise(c, mean[c], invStd[c]);
            double unbiased = m > 1 ? squares / (m - 1) : var;
            runningMean.data[c] = (float) ((1 - MOMENTUM) * runningMean.data[c] + MOMENTUM * mu);
            runningVar.data[c] = (float) ((1 - MOMENTUM) * runningVar.data[c] + MOMENTUM * unbiased);
        }
    }

    /** Inference: the running statistics. */
    private final class Eval extends Pass {
        @Override
        void channel(int c) {
            mean[c] = runningMean.data[c];
            invStd[c] = (float) (1 / Math.sqrt(runningVar.data[c] + EPS));
            normalise(c, mean[c], invStd[c]);
        }
    }

    /** The backward pass of {@link Train}. */
    private final class BackTrain extends Pass {
        @Override
        void channel(int c) {
            gradients(c);
            float[] D = dY.data, XH = xHat.data, DX = dX.data;
            int stride = shape.size(), m = batch * area;
            float scale = weight.data[c] * invStd[c] / m, db = dBias.data[c], dg = dWeight.data[c];
            for (int n = 0; n < batch; n++) {
                for (int i = n * stride + c * area, e = i + area; i < e; i++) {
                    DX[i] = scale * (m * D[i] - db - XH[i] * dg);
                }
            }
        }
    }

    /** The backward pass of {@link Eval}: an affine map per channel. */
    private final class BackEval extends Pass {
        @Override
        void channel(int c) {
            gradients(c);
            float[] D = dY.data, DX = dX.data;
            int stride = shape.size();
            float scale = weight.data[c] * invStd[c];
            for (int n = 0; n < batch; n++) {
                for (int i = n * stride + c * area, e = i + area; i < e; i++) {
                    DX[i] = scale * D[i];
                }
            }
        }
    }
}
