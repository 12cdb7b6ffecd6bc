package digitnet.train;

import digitnet.data.Dataset;
import digitnet.nn.InputBatch;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.nn.SoftmaxCrossEntropy;
import digitnet.tensor.Parallel;
import digitnet.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A timed harness (not a unit test): the dense mini-batch step of the bench (784-128-10, Adam, batch 64) on
 * 60,000 random dense images in a shuffled order, phase by phase as {@link Trainer} runs it (the batch's fill,
 * forward, loss, backward, Adam), 4 epochs; median and mean microseconds per step of each phase; with {@code sgd},
 * the SGD workload instead (plain SGD 0.1 on images with one pixel in five non-zero, read sparse as digits are). Run:
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes digitnet.train.MlpStepPhases THREADS [sgd]}
 */
public final class MlpStepPhases {
    public static void main(String[] args) {
        Parallel.setThreads(Integer.parseInt(args[0]));
        boolean sgd = args.length > 1 && args[1].equals("sgd");
        int b = 64, m = 60000;
        Random r = new Random(1);
        byte[] px = new byte[m * 784];
        for (int i = 0; i < px.length; i++) {
            px[i] = sgd ? (byte) (r.nextInt(5) == 0 ? 1 + r.nextInt(255) : 0) : (byte) (200 + r.nextInt(56));
        }
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) labels[i] = r.nextInt(10);
        Dataset d = new Dataset(px, labels, m, 28, 28, 10, "dense");
        Network net = Network.initialised(NetworkSpec.mlp(128).architecture(28, 28, 10), digitnet.nn.Init.HE, 1);
        InputBatch batch = InputBatch.forTraining(net, d, b, false, true);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Optimizer optimizer = sgd ? new Sgd(0.1, 0) : new Adam(0.001, 0.9, 0.999, 0);
        List<Parameter> params = net.parameters();
        int[] order = new int[m], lab = new int[b];
        for (int i = 0; i < m; i++) order[i] = i;
        Dataset.shuffle(order, m, new Random(3));
        int steps = m / b;
        String[] names = {"fill", "forward", "loss", "backward", "adam"};
        for (int ep = 0; ep < 4; ep++) {
            long[][] t = new long[5][steps];
            long e0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                batch.fill(d, order, s * b, b, lab);
                long t1 = System.nanoTime();
                Tensor logits = batch.forward(net, true);
                long t2 = System.nanoTime();
                loss.forward(logits, lab);
                Tensor dl = loss.backward();
                long t3 = System.nanoTime();
                net.backward(dl);
                long t4 = System.nanoTime();
                optimizer.step(params);
                long t5 = System.nanoTime();
                t[0][s] = t1 - t0; t[1][s] = t2 - t1; t[2][s] = t3 - t2; t[3][s] = t4 - t3; t[4][s] = t5 - t4;
            }
            long e1 = System.nanoTime();
            StringBuilder sb = new StringBuilder(String.format("epoch %d: %.3f s;", ep, (e1 - e0) / 1e9));
            for (int p = 0; p < 5; p++) {
                long sum = 0; for (long x : t[p]) sum += x;
                Arrays.sort(t[p]);
                sb.append(String.format(" %s med %.1f mean %.1f us;", names[p], t[p][steps / 2] / 1e3, sum / 1e3 / steps));
            }
            System.out.println(sb);
        }
    }
}
