package digitnet.train;

import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.nn.SoftmaxCrossEntropy;
import digitnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How {@code cnn} trains under a time budget ({@code --max-seconds B}): the fast recipe's shape (a 5x5 and a
 * 3x3 convolution, each followed by 2x2 max pooling and ReLU, then 256 units; Adam, one learning-rate cycle,
 * large batches), sized to the budget on this machine. The recipe is the same for every data set; only
 * the data's size and the machine's measured speed decide its numbers:
 * <ul>
 *   <li>batch: the power of two nearest training rows / 64, within [32, 256] (the rule of the presets without a
 *       budget, capped higher); the learning rate is
 *       {@link #RATE} x sqrt(batch / 256);</li>
 *   <li>width: the reference network (width {@link #REFERENCE_WIDTH}) is timed for a few steps on random
 *       images of the data's shape ({@link #probe}); each width of {@link #WIDTHS} is predicted from that
 *       by its multiply-adds per image; the widest whose predicted epochs in B reach {@link #MIN_EPOCHS}
 *       is chosen (the narrowest when none does);</li>
 *   <li>epochs: {@link #EPOCHS_PER_PREDICTED} times the chosen width's predicted epochs, within [1,
 *       {@link #MAX_EPOCHS}], so that the budget, not the epochs, ends the run, the probe's prediction being
 *       pessimistic; the {@link Budget} then
 *       fits the one cycle (a quarter of it warming up, then a cosine down to 0) to the time.</li>
 * </ul>
 * A timing is measured once per process and image shape and reused, so that the preset's decisions and
 * the record of them agree. Under a budget a run is not reproducible bit for bit anyway: how many steps
 * fit depends on the machine's speed at the time.
 *
 * @param width             the first convolution's channels (the second has twice as many)
 * @param batch             rows per step
 * @param learningRate      Adam's peak rate
 * @param epochs            epochs the schedule is planned over
 * @param imagesPerSecond   the chosen width's predicted training speed
 * @param referenceSpeed    the measured speed of the reference width, images per second
 */
public record BudgetPlan(int width, int batch, double learningRate, int epochs, double imagesPerSecond,
                         double referenceSpeed) {
    /** The first convolution's channels the plan chooses from. */
    public static final int[] WIDTHS = {8, 16, 32, 64};
    /** The width whose speed is measured. */
    public static final int REFERENCE_WIDTH = 16;
    /** Epochs a width must fit in the budget to be chosen. */
    public static final int MIN_EPOCHS = 15;
    /** Most epochs a plan schedules, however long the budget. */
    public static final int MAX_EPOCHS = 60;
    /**
     * Epochs planned per epoch predicted to fit. Twice them, 60,000 Fashion-MNIST images at 300 s completed
     * the planned 46-54 epochs in 247-296 s and left the rest of the budget unused: the probe predicts slower
     * than the training runs.
     */
    static final int EPOCHS_PER_PREDICTED = 3;
    /** Adam's peak rate at batch 256 (the recipe's). */
    public static final double RATE = 0.01;
    /** Hidden units after the convolutions. */
    static final int HIDDEN = 256;
    /** Images of at least this side are convolved without padding (the recipe's 28x28 layout). */
    static final int VALID_SIDE = 20;

    /** How long {@link #probe} times steps, and the fewest it takes. */
    static final double PROBE_SECONDS = 1.0;
    static final int PROBE_STEPS = 5;
    /**
     * Rows per step of {@link #probe}, whatever the plan's batch. Timed at 128 rows, the probe's second
     * measured 1,843-1,899 images/s at width 16 on 28x28 images where at 256 it measured 5,000-6,700, and the
     * width-8 training that followed ran at 19,600 at 128 rows: the plan then fitted 25 epochs in a budget of
     * 20 s and completed them in 10.3 s. The speed per image at 256 rows is the one the widths and epochs
     * were tuned with.
     */
    static final int PROBE_BATCH = 256;

    private static final Map<String, Double> MEASURED = new ConcurrentHashMap<>();

    /** The plan for {@code data} in {@code seconds}. */
    public static BudgetPlan of(PresetData data, double seconds) {
        int batch = batch(data.trainRows());
        double reference = MEASURED.computeIfAbsent(data.channels() + "x" + data.height() + "x" + data.width() + "/"
                + data.classes(), k -> probe(data));
        long referenceCost = multiplyAdds(layers(REFERENCE_WIDTH, data), data);
        int chosen = WIDTHS[0];
        double speed = reference * referenceCost / multiplyAdds(layers(chosen, data), data);
        for (int w : WIDTHS) {
            double s = reference * referenceCost / multiplyAdds(layers(w, data), data);
            if (w == WIDTHS[0] || s * seconds / data.trainRows() >= MIN_EPOCHS) {
                chosen = w;
                speed = s;
            }
        }
        double fit = speed * seconds / data.trainRows();
        int epochs = (int) Math.max(1, Math.min(MAX_EPOCHS, Math.round(EPOCHS_PER_PREDICTED * fit)));
        return new BudgetPlan(chosen, batch, RATE * Math.sqrt(batch / 256.0), epochs, speed, reference);
    }

    /**
     * The power of two nearest rows / 64, within [32, 256]. Against rows / 32 on made splits of 8,000 rows at
     * 20 s (seeds 1-6): inverted digits level (mean 0.9918 against 0.9918), Fashion-MNIST 0.8801 against
     * 0.8770, 5 seeds of 6 better; a step of 128 rows takes half the time of one of 256, so the budget holds
     * twice the updates.
     */
    static int batch(int rows) {
        return Preset.powerOfTwoNear(rows / 64.0, 32, 256);
    }

    /** The network of width {@code w} for the data's images and classes. */
    public static List<LayerSpec> layers(int w, PresetData data) {
        boolean valid = data.side() >= VALID_SIDE;
        return List.of(LayerSpec.conv(w, 5, 1, valid ? 0 : 2), LayerSpec.maxPool(2), LayerSpec.relu(),
                LayerSpec.conv(2 * w, 3, 1, valid ? 0 : 1), LayerSpec.maxPool(2), LayerSpec.relu(),
                LayerSpec.flatten(), LayerSpec.linear(HIDDEN), LayerSpec.relu(), LayerSpec.linear(data.classes()));
    }

    /** Multiply-adds of one image's forward pass through the convolutions and linear layers. */
    static long multiplyAdds(List<LayerSpec> items, PresetData data) {
        Shape input = Shape.of(data.channels(), data.height(), data.width());
        List<Shape> shapes = LayerList.of(input, items, data.classes()).shapes();   // each item's output
        long sum = 0;
        for (int i = 0; i < items.size(); i++) {
            Shape in = i == 0 ? input : shapes.get(i - 1), out = shapes.get(i);
            if (items.get(i) instanceof LayerSpec.Conv c) {
                sum += (long) out.size() * in.channels() * c.kernel() * c.kernel();
            } else if (items.get(i) instanceof LayerSpec.Linear) {
                sum += (long) in.size() * out.size();
            }
        }
        return sum;
    }

    /**
     * Images per second of training steps (forward, loss, backward) of the reference network on random
     * images of the data's shape, in batches of {@link #PROBE_BATCH} rows: steps are taken for {@link #PROBE_SECONDS} (at least
     * {@link #PROBE_STEPS}), and the fastest counts, since the first ones run before the JIT has compiled the
     * kernels (the training that follows starts with them compiled).
     */
    static double probe(PresetData data) {
        int rows = PROBE_BATCH;
        LayerList list = LayerList.of(Shape.of(data.channels(), data.height(), data.width()),
                layers(REFERENCE_WIDTH, data), data.classes());
        Network network = Network.create(list);
        Random random = new Random(0);
        network.initialise(Init.HE, random);
        Tensor x = new Tensor(rows, data.channels() * data.height() * data.width());
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = random.nextFloat();
        }
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % data.classes();
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        double best = Double.MAX_VALUE;
        long start = System.nanoTime();
        for (int step = 0; step < PROBE_STEPS || System.nanoTime() - start < PROBE_SECONDS * 1e9; step++) {
            long t = System.nanoTime();
            loss.forward(network.forward(x, true), labels);
            network.backward(loss.backward());
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return rows / Math.max(best, 1e-9);
    }

    /** "width 16: 5x5 convolution of 16 channels, ..." as the preset's line says it. */
    public String describe(PresetData data) {
        List<String> widths = new ArrayList<>();
        for (int w : WIDTHS) {
            widths.add(Integer.toString(w));
        }
        return String.format(Locale.ROOT, "5x5 convolution of %d channels, 3x3 of %d (each 2x2 max pooling, ReLU), %d units,"
                + " %d classes (width %d: the widest of %s predicted to fit %d epochs; measured %,.0f images/s at width %d)",
                width, 2 * width, HIDDEN, data.classes(), width, String.join(", ", widths), MIN_EPOCHS, referenceSpeed,
                REFERENCE_WIDTH);
    }
}
