package digitnet.api;

import digitnet.data.Augmenter;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Init;
import digitnet.nn.LayerSpec;
import digitnet.train.OptimizerConfig;
import digitnet.train.Schedule;
import digitnet.train.TrainConfig;
import java.util.List;

/**
 * How to train: the network, the optimizer, how many steps, which rows to hold out, the seed.
 * Start from a preset ({@link #notebook()}, {@link #quick()}, {@link #accurate()}, {@link #cnn()}) and change what you
 * need with the {@code with...} methods; every value is checked when the record is made, and a
 * value out of range is refused with an {@link InvalidSettingException} naming the field
 * ({@code Settings.learningRate}).
 *
 * <p>{@code batchSize == 0} means full-batch gradient descent for {@code iterations} steps (the
 * notebook); otherwise mini-batches of {@code batchSize} rows for {@code epochs} epochs, reshuffled
 * each epoch. Momentum is 0.9 and Adam's betas are 0.9 and 0.999.
 *
 * @param network        the network's shape
 * @param init           how the weights start
 * @param optimizer      which optimizer
 * @param learningRate   the base learning rate, positive
 * @param weightDecay    L2 weight decay on weights (decoupled for AdamW), at least 0
 * @param cosineSchedule whether the learning rate warms up over {@code warmupEpochs}, then follows a
 *                       cosine to 0; otherwise it stays constant
 * @param warmupEpochs   warm-up of the cosine schedule, in epochs, at least 0
 * @param batchSize      rows per step; 0 for full batch
 * @param epochs         passes over the training rows (mini-batches)
 * @param iterations     steps (full batch)
 * @param dropout        dropout probability after each hidden layer of a perceptron, in [0, 1); a
 *                       layer list places {@code LayerSpec.dropout(p)} items instead
 * @param augment        whether each training image is randomly shifted, rotated and distorted
 * @param patience       stop after this many epochs without a better dev accuracy, keeping the best
 *                       weights; 0 for no early stopping
 * @param maxSeconds     stop after the first epoch that ends past this many seconds; 0 for no limit
 * @param devRows        rows held out (after shuffling with the seed) to measure progress on
 * @param testRows       rows held out before the dev rows, never used for any decision
 * @param seed           the seed of every random choice: same seed, same model
 */
public record Settings(NetworkSpec network, Initialisation init, Optimizer optimizer, double learningRate,
                       double weightDecay, boolean cosineSchedule, double warmupEpochs, int batchSize, int epochs,
                       int iterations, double dropout, boolean augment, int patience, double maxSeconds, int devRows,
                       int testRows, long seed) {

    /** How the weights start. */
    public enum Initialisation {
        /** Weights and biases uniform in [-0.5, 0.5], as the notebook. */
        UNIFORM,
        /** He et al. 2015: normal with variance 2 / fan-in, biases 0; for ReLU networks. */
        HE,
        /** Glorot and Bengio 2010: uniform in +-sqrt(6 / (fan-in + fan-out)), biases 0. */
        XAVIER
    }

    /** The optimizers. */
    public enum Optimizer {
        /** Plain stochastic gradient descent. */
        SGD,
        /** SGD with momentum 0.9. */
        MOMENTUM,
        /** SGD with Nesterov momentum 0.9. */
        NESTEROV,
        /** Adam (beta1 0.9, beta2 0.999). */
        ADAM,
        /** Adam with decoupled weight decay. */
        ADAMW
    }

    /**
     * Checks every value; one out of range is refused with an {@link InvalidSettingException} naming
     * its field ({@code Settings.epochs}) and what is wrong.
     *
     * @param network        the network's shape
     * @param init           how the weights start
     * @param optimizer      which optimizer
     * @param learningRate   the base learning rate
     * @param weightDecay    L2 weight decay
     * @param cosineSchedule whether the learning rate follows a cosine after a warm-up
     * @param warmupEpochs   warm-up of the cosine schedule, in epochs
     * @param batchSize      rows per step; 0 for full batch
     * @param epochs         passes over the training rows (mini-batches)
     * @param iterations     steps (full batch)
     * @param dropout        dropout probability after each hidden layer of a perceptron
     * @param augment        whether training images are randomly distorted
     * @param patience       epochs without a better dev accuracy before stopping; 0 for none
     * @param maxSeconds     time budget in seconds; 0 for none
     * @param devRows        rows held out to measure progress on
     * @param testRows       rows held out before them
     * @param seed           the seed of every random choice
     */
    public Settings {
        required("network", network);
        required("init", init);
        required("optimizer", optimizer);
        if (devRows < 0) {
            throw new InvalidSettingException("Settings", "devRows", "must be >= 0, got " + devRows);
        }
        if (testRows < 0) {
            throw new InvalidSettingException("Settings", "testRows", "must be >= 0, got " + testRows);
        }
        if (dropout != 0 && network instanceof NetworkSpec.Layers) {
            throw new InvalidSettingException("Settings", "dropout", "applies to perceptrons only; "
                    + "put LayerSpec.dropout(" + dropout + ") items in the layer list instead");
        }
        config(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs, batchSize, epochs,
                iterations, dropout, augment, patience, maxSeconds, seed);
    }

    /**
     * The notebook, the command line's {@code --preset seed}: 784-10-10 perceptron, uniform init,
     * full-batch SGD, 500 iterations, learning rate 1; 1000 dev rows, seed 1.
     *
     * @return the preset
     */
    public static Settings notebook() {
        return new Settings(NetworkSpec.mlp(10), Initialisation.UNIFORM, Optimizer.SGD, 1.0, 0, false, 0, 0, 10, 500,
                0, false, 0, 0, 1000, 0, 1);
    }

    /**
     * A few seconds of training: 784-64-10 perceptron, He init, Adam at 0.002, mini-batches of 64
     * for 3 epochs; 1000 dev rows, seed 1.
     *
     * @return the preset
     */
    public static Settings quick() {
        return new Settings(NetworkSpec.mlp(64), Initialisation.HE, Optimizer.ADAM, 0.002, 0, false, 0, 64, 3, 500,
                0, false, 0, 0, 1000, 0, 1);
    }

    /**
     * The command line's {@code --preset accurate}: 784-512-256-10 perceptron, He init, AdamW at
     * 0.002 with weight decay 0.05, cosine schedule with 1 warm-up epoch, mini-batches of 128 for
     * 15 epochs, dropout 0.1, augmentation; 1000 dev rows, seed 1.
     *
     * @return the preset
     */
    public static Settings accurate() {
        return new Settings(NetworkSpec.mlp(512, 256), Initialisation.HE, Optimizer.ADAMW, 0.002, 0.05, true, 1, 128, 15,
                500, 0.1, true, 0, 0, 1000, 0, 1);
    }

    /**
     * The command line's {@code --preset cnn}: three 3x3 convolutions (16, 32, 64 channels, padding 1),
     * each with batch norm, ReLU and 2x2 max pooling, then dropout 0.3, a linear layer of 128 with
     * ReLU and dropout 0.1, and {@code linear(10)}; He init, AdamW at 0.003 with weight decay 0.05,
     * cosine schedule with 1 warm-up epoch, mini-batches of 64 for 30 epochs, augmentation; 1000 dev
     * rows, seed 1. For 28x28 images of 10 classes (change the last layer with
     * {@link #withNetwork} for other class counts).
     *
     * @return the preset
     */
    public static Settings cnn() {
        NetworkSpec layers = NetworkSpec.layers(
                LayerSpec.conv(16, 3, 1, 1), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.conv(32, 3, 1, 1), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.conv(64, 3, 1, 1), LayerSpec.batchNorm(), LayerSpec.relu(), LayerSpec.maxPool(2),
                LayerSpec.flatten(), LayerSpec.dropout(0.1), LayerSpec.linear(128), LayerSpec.relu(),
                LayerSpec.dropout(0.1), LayerSpec.linear(10));
        return new Settings(layers, Initialisation.HE, Optimizer.ADAMW, 0.003, 0.05, true, 1, 64, 30, 500, 0, true,
                0, 0, 1000, 0, 1);
    }

    /**
     * @param network the network's shape
     * @return these settings with another network (and no perceptron dropout when it is a layer list)
     */
    public Settings withNetwork(NetworkSpec network) {
        double d = network instanceof NetworkSpec.Layers ? 0 : dropout;
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, d, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param init how the weights start
     * @return these settings with another initialisation
     */
    public Settings withInit(Initialisation init) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param optimizer    which optimizer
     * @param learningRate its base learning rate
     * @return these settings with another optimizer and learning rate
     */
    public Settings withOptimizer(Optimizer optimizer, double learningRate) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param batchSize rows per step
     * @param epochs    passes over the training rows
     * @return these settings with mini-batch training
     */
    public Settings withMiniBatches(int batchSize, int epochs) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param iterations full-batch steps
     * @return these settings with full-batch training
     */
    public Settings withFullBatch(int iterations) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                0, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param devRows  rows held out to measure progress on
     * @param testRows rows held out before them, never used for any decision
     * @return these settings with other held-out rows
     */
    public Settings withHeldOut(int devRows, int testRows) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param dropout  dropout probability after each hidden layer of a perceptron
     * @param augment  whether training images are randomly distorted
     * @param weightDecay L2 weight decay
     * @return these settings with other regularisation
     */
    public Settings withRegularisation(double dropout, boolean augment, double weightDecay) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param patience   epochs without a better dev accuracy before stopping; 0 for none
     * @param maxSeconds time budget in seconds; 0 for none
     * @return these settings with other stopping rules
     */
    public Settings withStopping(int patience, double maxSeconds) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /**
     * @param seed the seed of every random choice
     * @return these settings with another seed
     */
    public Settings withSeed(long seed) {
        return new Settings(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs,
                batchSize, epochs, iterations, dropout, augment, patience, maxSeconds, devRows, testRows, seed);
    }

    /** The training loop's configuration (progress every 10 full-batch iterations). */
    TrainConfig config() {
        return config(network, init, optimizer, learningRate, weightDecay, cosineSchedule, warmupEpochs, batchSize,
                epochs, iterations, dropout, augment, patience, maxSeconds, seed);
    }

    // builds, and so checks, the configuration; the library's setting errors are renamed to this record's fields
    private static TrainConfig config(NetworkSpec network, Initialisation init, Optimizer optimizer, double learningRate,
                                      double weightDecay, boolean cosine, double warmupEpochs, int batchSize, int epochs,
                                      int iterations, double dropout, boolean augment, int patience, double maxSeconds,
                                      long seed) {
        try {
            OptimizerConfig opt = new OptimizerConfig(OptimizerConfig.Kind.valueOf(optimizer.name()), 0.9, 0.9, 0.999,
                    weightDecay);
            if (!(warmupEpochs >= 0) || Double.isInfinite(warmupEpochs)) {
                throw new InvalidSettingException("Settings", "warmupEpochs", "must be >= 0 epochs, got " + warmupEpochs);
            }
            Schedule schedule = cosine ? new Schedule.Cosine(warmupEpochs) : new Schedule.Constant();
            List<Integer> hidden = network instanceof NetworkSpec.Mlp m ? m.hidden() : List.of();
            List<LayerSpec> layers = network instanceof NetworkSpec.Layers l ? l.items() : List.of();
            return new TrainConfig(hidden, Init.valueOf(init.name()), iterations, epochs, batchSize, learningRate, 10, seed,
                    opt, schedule, dropout, augment ? Augmenter.Settings.standard() : null, patience, maxSeconds, layers);
        } catch (InvalidSettingException e) {
            String field = e.setting().substring(e.setting().lastIndexOf('.') + 1);
            throw new InvalidSettingException("Settings", field, e.problem());
        }
    }

    private static void required(String field, Object value) {
        if (value == null) {
            throw new InvalidSettingException("Settings", field, "must be given, got null");
        }
    }
}
