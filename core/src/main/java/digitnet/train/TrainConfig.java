package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Shape;
import java.util.List;

/**
 * How to train. {@code batchSize == 0} means full-batch gradient descent for {@code iterations}
 * steps (the notebook); otherwise mini-batches for {@code epochs} epochs, reshuffled each epoch.
 *
 * @param every       report progress every this many iterations (full batch); mini-batch runs report each epoch
 * @param optimizer   which optimizer and its hyper-parameters
 * @param schedule    how the learning rate changes over the run
 * @param dropout     dropout probability on hidden layers; 0 for none
 * @param augment     random distortions of the training images, or null for none
 * @param patience    stop after this many reports (epochs) without a better dev accuracy, restoring the
 *                    best weights; 0 for no early stopping
 * @param maxSeconds  a time budget in seconds that the schedule is fitted to ({@link Budget}): the run ends,
 *                    annealed, before the first step that would start past it; 0 for no limit
 * @param layers      the network as a layer list (its items; the input shape comes from the data), or
 *                    empty for the perceptron of {@code hidden}; its dropout is in the list, so
 *                    {@code dropout} must then be 0
 */
public record TrainConfig(List<Integer> hidden, Init init, int iterations, int epochs, int batchSize,
                          double learningRate, int every, long seed, OptimizerConfig optimizer,
                          Schedule schedule, double dropout, Augmenter.Settings augment, int patience,
                          double maxSeconds, List<LayerSpec> layers) {

    public TrainConfig {
        hidden = List.copyOf(hidden);
        layers = List.copyOf(layers);
        if (!layers.isEmpty() && dropout != 0) {
            throw invalid("dropout", "must be 0 with a layer list, whose dropout items say where it goes; got " + dropout);
        }
        if (init == null || optimizer == null || schedule == null) {
            throw new IllegalArgumentException("init, optimizer and schedule must be given");
        }
        atLeast("iterations", iterations, 0);
        atLeast("epochs", epochs, 0);
        atLeast("batchSize", batchSize, 0);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw invalid("learningRate", "must be a positive number, got " + learningRate);
        }
        atLeast("every", every, 1);
        if (!(dropout >= 0 && dropout < 1)) {
            throw invalid("dropout", "must be in [0, 1), got " + dropout);
        }
        atLeast("patience", patience, 0);
        if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
            throw invalid("maxSeconds", "must be >= 0, got " + maxSeconds);
        }
    }

    /** A perceptron of {@code hidden} layers. */
    public TrainConfig(List<Integer> hidden, Init init, int iterations, int epochs, int batchSize,
                       double learningRate, int every, long seed, OptimizerConfig optimizer,
                       Schedule schedule, double dropout, Augmenter.Settings augment, int patience,
                       double maxSeconds) {
        this(hidden, init, iterations, epochs, batchSize, learningRate, every, seed, optimizer, schedule, dropout,
                augment, patience, maxSeconds, List.of());
    }

    /** This configuration training the network of a layer list instead. */
    public TrainConfig withLayers(List<LayerSpec> items) {
        return new TrainConfig(hidden, init, iterations, epochs, batchSize, learningRate, every, seed, optimizer,
                schedule, 0, augment, patience, maxSeconds, items);
    }

    /** The architecture trained on images of {@code shape} with {@code classes} classes. */
    public Architecture architecture(Shape shape, int classes) {
        return layers.isEmpty() ? Architecture.of(shape.size(), hidden, classes)
                : Architecture.of(LayerList.of(shape, layers, classes));
    }

    /** Plain SGD at a constant rate, no regularisation, no early stopping. */
    public TrainConfig(List<Integer> hidden, Init init, int iterations, int epochs, int batchSize,
                       double learningRate, int every, long seed) {
        this(hidden, init, iterations, epochs, batchSize, learningRate, every, seed, OptimizerConfig.sgd(),
                new Schedule.Constant(), 0, null, 0, 0);
    }

    /** The notebook: 784-10-10, uniform init, full batch, 500 iterations, alpha 1, progress every 10. */
    public static TrainConfig notebook(long seed) {
        return new TrainConfig(List.of(10), Init.UNIFORM, 500, 0, 0, 1.0, 10, seed);
    }

    private static void atLeast(String field, int value, int min) {
        if (value < min) {
            throw invalid(field, "must be >= " + min + ", got " + value);
        }
    }

    private static InvalidSettingException invalid(String field, String problem) {
        return new InvalidSettingException("TrainConfig", field, problem);
    }

    public boolean fullBatch() {
        return batchSize == 0;
    }
}
