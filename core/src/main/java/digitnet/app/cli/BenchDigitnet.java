package digitnet.app.cli;

import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.tensor.Tensor;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Progress;
import digitnet.train.Sgd;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.TrainResult;
import digitnet.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** digitnet's side of {@code digitnet bench}: the same workloads as the Python peers, timed in process. */
final class BenchDigitnet {
    private BenchDigitnet() {}

    record Notebook(double msPerIteration, int iterations, double accuracy) {}

    /**
     * A mini-batch workload's timed epochs, after its untimed warm-up.
     *
     * @param firstSeconds  the first timed epoch (cold: only the warm-up ran before it)
     * @param steadySeconds the median of the later epochs (NaN with one epoch)
     * @param steadyEpochs  how many epochs that median is of
     * @param accuracy      the training accuracy after the last epoch
     * @param network       the trained network
     */
    record Epochs(double firstSeconds, double steadySeconds, int steadyEpochs, double accuracy, Network network) {
        static Epochs of(List<Double> perEpoch, double accuracy, Network network) {
            return new Epochs(perEpoch.get(0), median(perEpoch.subList(1, perEpoch.size())), perEpoch.size() - 1,
                    accuracy, network);
        }
    }

    record Inference(double imagesPerSecondBatch1000, double singleImageMicros) {}

    /** The notebook: 784-10-10, uniform init, full batch, alpha 1; the median time of one iteration. */
    static Notebook notebook(Dataset rows, double seconds) {
        TrainResult warm = train(rows, notebookConfig(20));
        double perIteration = warm.trainSeconds() / warm.iterations();
        // warm-up until the kernels are compiled: a quarter of the budget, at least 50 iterations
        warm = train(rows, notebookConfig((int) Math.max(50, Math.min(5000, seconds / 4 / perIteration))));
        perIteration = warm.trainSeconds() / warm.iterations();
        int iterations = (int) Math.max(15, Math.min(5000, seconds / perIteration));
        List<Double> steps = new ArrayList<>();
        TrainResult r = train(rows, notebookConfig(iterations), steps);
        Progress last = r.history().get(r.history().size() - 1);
        return new Notebook(1000 * median(steps), iterations, last.trainAccuracy());
    }

    /**
     * 784-128-10, He init, batch 64, plain SGD: one untimed warm-up epoch on {@code warmUp} (that
     * network thrown away), then {@code epochs} timed epochs of a fresh one on {@code rows}; the
     * first and the median of the later ones, and the training accuracy after.
     */
    static Epochs miniBatch(Dataset rows, Dataset warmUp, int epochs, double learningRate) {
        return timedEpochs(rows, warmUp, miniBatchConfig(epochs, learningRate), miniBatchConfig(1, learningRate));
    }

    /**
     * 784-128-10, He init, batch 64, Adam (learning rate 0.001) on {@code rows}, after the same
     * untimed warm-up epoch on {@code warmUp}: the first timed epoch and the median of the later ones.
     */
    static Epochs denseMiniBatch(Dataset rows, Dataset warmUp, int epochs) {
        return timedEpochs(rows, warmUp, adamConfig(epochs), adamConfig(1));
    }

    static Settings adamConfig(int epochs) {
        return Settings.of(NetworkSpec.mlp(128), Init.HE, OptimizerSettings.adam(0.001), new Steps(64, epochs, 0, 1), 1);
    }

    // the time of each epoch as the trainer's progress records give it
    private static Epochs timedEpochs(Dataset rows, Dataset warmUp, Settings config, Settings warmUpConfig) {
        new Trainer(warmUpConfig, warmUpConfig.optimizer().create(), p -> { })
                .train(network(warmUp, warmUpConfig), warmUp, null);
        Network network = network(rows, config);
        List<Double> perEpoch = new ArrayList<>();
        double[] last = {0};
        new Trainer(config, config.optimizer().create(), p -> {
            perEpoch.add(p.seconds() - last[0]);
            last[0] = p.seconds();
        }).train(network, rows, null);
        double accuracy = new Predictor(network).score(rows).accuracy();
        return Epochs.of(perEpoch, accuracy, network);
    }

    /** The images with every pixel inverted (255 - p): as dense as a photograph (99.4% of the sample's pixels non-zero). */
    static Dataset inverted(Dataset d) {
        byte[] px = d.pixels().clone();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (255 - (px[i] & 0xFF));
        }
        return new Dataset(px, d.labels(), d.count(), d.height(), d.width(), d.classes(), d.source() + ", inverted");
    }

    /** Images per second through {@link Predictor} (chunks of 1,000), and one image's forward pass. */
    static Inference inference(Network network, Dataset images, double seconds) {
        Predictor predictor = new Predictor(network);
        int[] predicted = new int[images.count()];
        predictor.predict(images, predicted, null);
        long n = 0, t0 = System.nanoTime();
        while (n < 3 || System.nanoTime() - t0 < seconds / 2 * 1e9) {
            predictor.predict(images, predicted, null);
            n++;
        }
        double perSecond = n * images.count() / ((System.nanoTime() - t0) / 1e9);
        Tensor one = new Tensor(1, images.features());
        for (int j = 0; j < images.features(); j++) {
            one.data[j] = images.pixel(0, j) / 255f;
        }
        for (int i = 0; i < 20_000; i++) {
            network.forward(one, false);
        }
        n = 0;
        t0 = System.nanoTime();
        while (n < 1000 || System.nanoTime() - t0 < seconds / 2 * 1e9) {
            network.forward(one, false);
            n++;
        }
        return new Inference(perSecond, (System.nanoTime() - t0) / 1e3 / n);
    }

    static Settings notebookConfig(int iterations) {
        return Settings.of(NetworkSpec.mlp(10), Init.UNIFORM, OptimizerSettings.sgd(1.0), new Steps(0, 0, iterations, 1), 1);
    }

    static Settings miniBatchConfig(int epochs, double learningRate) {
        return Settings.of(NetworkSpec.mlp(128), Init.HE, OptimizerSettings.sgd(learningRate), new Steps(64, epochs, 0, 1), 1);
    }

    static Network network(Dataset rows, Settings config) {
        return Network.initialised(config.network().architecture(rows.height(), rows.width(), rows.classes()),
                config.init(), 1);
    }

    private static TrainResult train(Dataset rows, Settings config) {
        return train(rows, config, new ArrayList<>());
    }

    // steps receives the duration of each iteration, from the progress records' running time
    private static TrainResult train(Dataset rows, Settings config, List<Double> steps) {
        double[] last = {0};
        return new Trainer(config, new Sgd(config.optimizer().learningRate()), p -> {
            steps.add(p.seconds() - last[0]);
            last[0] = p.seconds();
        }).train(network(rows, config), rows, null);
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
