package digitnet.nn;

import digitnet.tensor.Parallel;
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
    private final Job job = new Job();
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
        job.launch(training ? Job.TRAIN : Job.EVAL, x.rows());
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
        job.launch(lastWasTraining ? Job.BACK_TRAIN : Job.BACK_EVAL, dY.rows());
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

    /** One pass split by channels: each channel's sums are taken by one thread in a fixed order. */
    private final class Job implements Parallel.Job {
        static final int TRAIN = 0, EVAL = 1, BACK_TRAIN = 2, BACK_EVAL = 3;
        private int kind, batch;

        void launch(int kind, int batch) {
            this.kind = kind;
            this.batch = batch;
            Parallel pool = Parallel.shared();
            long work = (long) batch * shape.size();
            int parts = (int) Math.min(channels, Math.max(1, Math.min(4L * pool.threads(), work >> 15)));
            pool.run(this, parts);
        }

        @Override
        public void run(int part, int parts) {
            int c0 = (int) ((long) channels * part / parts), c1 = (int) ((long) channels * (part + 1) / parts);
            for (int c = c0; c < c1; c++) {
                switch (kind) {
                    case TRAIN -> train(c);
                    case EVAL -> eval(c);
                    case BACK_TRAIN -> backTrain(c);
                    default -> backEval(c);
                }
            }
        }

        private void train(int c) {
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

        private void eval(int c) {
            mean[c] = runningMean.data[c];
            invStd[c] = (float) (1 / Math.sqrt(runningVar.data[c] + EPS));
            normalise(c, mean[c], invStd[c]);
        }

        private void normalise(int c, float mu, float is) {
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

        private void gradients(int c) {
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

        private void backTrain(int c) {
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

        private void backEval(int c) {
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
