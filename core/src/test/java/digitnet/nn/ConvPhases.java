package digitnet.nn;

import digitnet.tensor.Im2ColConv;
import digitnet.tensor.Im2Row;
import digitnet.tensor.ConvGeometry;
import digitnet.tensor.MatMul;
import digitnet.tensor.Ops;
import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import java.util.Random;

/**
 * Timed harness: the phases of Conv2d's im2row and im2col formulations on the Keras convnet's two
 * layers (batch 64), or, with {@code threads batch channels:side:kernel:out ...}, on the given
 * layers (e.g. {@code 2 256 1:28:5:16 16:12:3:32}, the budgeted cnn preset's at width 16).
 */
public final class ConvPhases {
    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        if (args.length > 2) {
            for (int i = 2; i < args.length; i++) {
                String[] f = args[i].split(":");
                int side = Integer.parseInt(f[1]);
                run(new ConvGeometry(Integer.parseInt(f[0]), side, side, Integer.parseInt(f[2]), 1, 0),
                        Integer.parseInt(f[3]), Integer.parseInt(args[1]), false);
            }
            return;
        }
        run(new ConvGeometry(1, 28, 28, 3, 1, 0), 32, 64, true);
        run(new ConvGeometry(32, 13, 13, 3, 1, 0), 64, 64, true);
    }

    static void run(ConvGeometry g, int out, int batch, boolean keras) {
        int pixels = g.outArea();
        Random r = new Random(1);
        Tensor x = fill(new Tensor(batch, g.channels() * g.height() * g.width()), r);
        Tensor w = fill(new Tensor(out, g.patch()), r), wT = new Tensor(g.patch(), out), b = new Tensor(1, out);
        Tensor rows = new Tensor(batch * pixels, g.patch()), yRows = new Tensor(batch * pixels, out);
        Tensor y = new Tensor(batch, out * pixels), dY = fill(new Tensor(batch, out * pixels), r);
        Tensor dYRows = new Tensor(batch * pixels, out), dW = new Tensor(out, g.patch());
        Tensor dRows = new Tensor(batch * pixels, g.patch()), dX = new Tensor(batch, x.cols);
        System.out.printf("%s -> %d%n", g, out);
        t("im2row", () -> Im2Row.im2row(x, g, rows));
        t("gemm rows W^T", () -> { Ops.transpose(w, wT); MatMul.multiplyAddBias(rows, wT, b, yRows); });
        t("transpose y", () -> Im2Row.transposeSamples(yRows, batch, pixels, out, y));
        t("transpose dY", () -> Im2Row.transposeSamples(dY, batch, out, pixels, dYRows));
        t("dW transA", () -> MatMul.multiplyTransA(dYRows, rows, dW));
        t("dRows", () -> MatMul.multiply(dYRows, w, dRows));
        t("row2im", () -> Im2Row.row2im(dRows, g, dX));
        int pad = Im2ColConv.paddedPixels(g);
        Tensor cols = new Tensor(batch, g.patch() * pad), dYT = new Tensor(batch * pad, out), dWT = new Tensor(g.patch(), out);
        t("im2col fwd", () -> Im2ColConv.forward(x, g, w, b, cols, y));
        t("im2col dW", () -> Im2ColConv.weightGradient(x, cols, dY, g, dYT, dWT, new Tensor(1, out)));
        t("im2col dX", () -> Im2ColConv.inputGradient(dY, g, w, dX));
        if (!keras) {
            return;
        }
        if (g.channels() == 32) {
            Tensor p = new Tensor(batch, out * 25);
            int[] arg = new int[p.size()];
            t("maxpool", () -> digitnet.tensor.PoolOps.maxPool(y, out, 11, 11, 2, p, arg));
        } else {
            float[] sink = new float[y.size()];
            t("copy y", () -> System.arraycopy(y.data, 0, sink, 0, y.size()));
            t("relu y", () -> digitnet.tensor.Ops.relu(y, y));
            Tensor p = new Tensor(batch, out * pixels / 4);
            int[] arg = new int[p.size()];
            t("maxpool", () -> digitnet.tensor.PoolOps.maxPool(y, out, 26, 26, 2, p, arg));
        }
    }

    static Tensor fill(Tensor t, Random r) {
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = r.nextFloat() - 0.5f;
        }
        return t;
    }

    static void t(String what, Runnable f) {
        System.out.printf("  %-14s %7.3f ms%n", what, ConvTiming.time(f) * 1e3);
    }
}
