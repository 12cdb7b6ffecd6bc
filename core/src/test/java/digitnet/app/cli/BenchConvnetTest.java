package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The convnet workload of {@code digitnet bench}: the network it times, its FLOP count, a short run through the CLI. */
class BenchConvnetTest {
    @Test
    void theWorkloadIsTheKerasConvnetAndItsFlopCountFollowsFromItsShapes() {
        LayerList list = BenchConvnet.list(Shape.image(28, 28), 10);
        assertThat(list.tokens()).isEqualTo(BenchConvnet.LAYERS);
        List<Shape> shapes = list.shapes();
        assertThat(shapes.get(0)).isEqualTo(Shape.of(32, 26, 26));
        assertThat(shapes.get(5)).isEqualTo(Shape.of(64, 5, 5));
        // multiply-adds of each layer with weights, from the shapes: output elements x inputs per output
        double forward = 0, firstLayer = 0;
        Shape in = list.input();
        for (int i = 0; i < list.items().size(); i++) {
            LayerSpec item = list.items().get(i);
            Shape out = shapes.get(i);
            if (item instanceof LayerSpec.Conv c) {
                double macs = (double) out.size() * in.channels() * c.kernel() * c.kernel();
                forward += 2 * macs;
                firstLayer = firstLayer == 0 ? 2 * macs : firstLayer;
            } else if (item instanceof LayerSpec.Linear l) {
                forward += 2.0 * in.size() * l.out();
            }
            in = out;
        }
        assertThat(BenchConvnet.FORWARD_FLOPS).isEqualTo(forward).isEqualTo(4_881_920);
        assertThat(BenchConvnet.TRAIN_FLOPS).isEqualTo(3 * forward - firstLayer);
    }

    @Test
    void aFractionOfAnEpochIsTrainedAndScaledToSixtyThousandImages() {
        Dataset sample = DataLoader.embeddedSample();
        BenchConvnet.Result r = BenchConvnet.train(sample, BenchCommand.prefix(sample, 128), 0.1);
        assertThat(r.measuredImages()).isEqualTo(1000);
        assertThat(r.secondsPerEpoch()).isPositive();
        assertThat(r.firstPartSecondsPerEpoch()).isPositive();
        assertThat(r.steadySecondsPerEpoch()).isPositive();
        assertThat(r.cpuSecondsPerEpoch()).isPositive();
        assertThat(r.trainAccuracy()).isBetween(0.0, 1.0);
        // trained: the network now reads the sample better than chance
        int[] predicted = new int[1000];
        Dataset first = BenchCommand.prefix(sample, 1000);
        new digitnet.nn.Predictor(r.network()).predict(first, predicted, null);
        int correct = 0;
        for (int i = 0; i < 1000; i++) {
            correct += predicted[i] == first.labels()[i] ? 1 : 0;
        }
        assertThat(correct).isGreaterThan(300);
    }

    @Test
    void theTimedPassIsSplitIntoFourPartsOfWholeBatchesAsInBenchTorch() {
        // scripts/bench_torch.py: [i * batches // k for i in range(k + 1)]
        assertThat(BenchConvnet.parts(16, 4)).containsExactly(0, 4, 8, 12, 16);
        assertThat(BenchConvnet.parts(19, 4)).containsExactly(0, 4, 9, 14, 19);
        assertThat(BenchConvnet.parts(4, 4)).containsExactly(0, 1, 2, 3, 4);
        // at least one batch per part; never more than the rows
        assertThat(BenchConvnet.measuredImages(0.002, 60_000)).isEqualTo(256);
        assertThat(BenchConvnet.measuredImages(0.02, 60_000)).isEqualTo(1200);
        assertThat(BenchConvnet.measuredImages(1, 60_000)).isEqualTo(60_000);
        assertThat(BenchConvnet.measuredImages(0.01, 100)).isEqualTo(100);
    }

    @Test
    void theCommandRunsAShortConvnetOnlyBenchAndRefusesBadFractions() {
        Cli.Result r = Cli.run("bench", "--no-python", "--convnet-only", "--convnet-fraction", "0.002", "--seconds", "0.05",
                "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("convnet " + BenchConvnet.LAYERS, "(256 images timed and scaled to 60,000)",
                "FLOPs per image: 4.9 M forward, 14.3 M training step", "digitnet, 1 thread", "convnet inference")
                .doesNotContain("notebook 784-10-10", "mini-batch 784-128-10");
        assertThat(r.out()).containsPattern("FMA peak \\(float32, 12 independent chains of the widest vector per thread\\):"
                + " [0-9.]+ GFLOP/s on 1 thread; the GFLOP/s below \\(FLOPs of the dense formulation\\) are also given as a share of the 1"
                + " thread peak\n");
        double peak = Double.parseDouble(r.out().replaceAll("(?s).*per thread\\): ([0-9.]+) GFLOP/s.*", "$1"));
        assertThat(peak).as("a measured peak").isPositive();
        assertThat(r.out()).containsPattern("digitnet, 1 thread +[0-9.]+ s +[0-9.]+ s +\\( *[0-9.]+ GFLOP/s, [0-9]+% of peak\\) +[0-9.]+ cpu s"
                + "  train accuracy [0-9.]+ on 256 images\n");
        assertThat(r.out()).containsPattern("digitnet, 1 thread +[0-9,]+ images/s");

        assertThat(Cli.run("bench", "--no-python", "--convnet-fraction", "1.5").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("bench", "--no-python", "--convnet-only", "--convnet-fraction", "0").code()).isEqualTo(ExitCodes.USAGE);
    }
}
