package digitnet.app.cli;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.nn.Layer;
import digitnet.nn.Network;
import digitnet.nn.Parameter;
import digitnet.tensor.Tensor;
import digitnet.train.Optimizer;
import digitnet.train.OptimizerState;
import digitnet.train.Settings;
import digitnet.train.Trainer;
import java.util.Map;

/**
 * A harness (not a unit test): trains the bench's dense-image Adam workload (784-128-10, batch 64,
 * one epoch of 60,000) and counts the subnormal floats in the parameters, gradients, optimizer
 * state and one batch's activations, which x86 computes about a hundred times slower. Run
 * (bench/results/LAB-LOG.md, "Subnormal moments"): {@code java --add-modules jdk.incubator.vector
 * -cp target/classes:target/test-classes:DEPENDENCIES digitnet.app.cli.SubnormalProbe}
 */
public class SubnormalProbe {
    public static void main(String[] args) {
        Dataset dense = BenchDigitnet.inverted(BenchCommand.repeat(DataLoader.embeddedSample(), 60_000));
        Settings config = BenchDigitnet.adamConfig(1);
        Optimizer opt = config.optimizer().create();
        Network net = BenchDigitnet.network(dense, config);
        new Trainer(config, opt, p -> { }).train(net, dense, null);
        for (Parameter p : net.parameters()) {
            System.out.println("param " + p.name() + ": " + count(p.value().data, p.value().size()) + " subnormal; grad " + count(p.grad().data, p.grad().size()));
        }
        Map<String, Tensor> state = ((OptimizerState) opt).exportState(net.parameters());
        state.forEach((k, t) -> System.out.println("state " + k + ": " + count(t.data, t.size()) + " subnormal, " + zeros(t.data, t.size()) + " zero of " + t.size()));
        Tensor x = new Tensor(64, 784);
        for (int i = 0; i < 64 * 784; i++) {
            x.data[i] = (dense.pixels()[i] & 0xFF) / 255f;
        }
        Tensor h = x;
        for (Layer l : net.layers()) {
            h = l.forward(h, true);
            System.out.println("layer " + l + ": " + count(h.data, h.size()) + " of " + h.size());
        }
        int sub = 0;
        for (int r = 0; r < 64; r++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < 10; j++) max = Math.max(max, h.data[r * 10 + j]);
            for (int j = 0; j < 10; j++) {
                float e = (float) Math.exp(h.data[r * 10 + j] - max);
                if (e != 0 && e < Float.MIN_NORMAL) sub++;
            }
        }
        System.out.println("softmax exp subnormal: " + sub + " of 640");
    }

    static int zeros(float[] a, int n) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] == 0) c++;
        }
        return c;
    }

    static int count(float[] a, int n) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (a[i] != 0 && Math.abs(a[i]) < Float.MIN_NORMAL) c++;
        }
        return c;
    }
}
