package digitnet.app.cli;

import digitnet.data.Dataset;
import digitnet.nn.Network;
import digitnet.train.NetworkSpec;
import digitnet.train.ProgressListener;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Trainer;
import java.util.Random;

/**
 * Warms the training kernels while the data is read: on a second thread, a few steps of the run's
 * own perceptron on 1,000 synthetic 28x28 images, so that the just-in-time compiler has compiled
 * the hot methods by the time the first real step starts. The synthetic images have the
 * MNIST sample's share of non-zero pixels in a disc (about one in five), so the same first-layer
 * path is taken as for digits. Nothing of it reaches the real run: its own network, its own seeds,
 * and {@link #finish} stops it after its current step and waits for it before the real steps
 * begin (the kernel pool runs a caller inline when another holds it). {@code -Ddigitnet.warmup=off} turns it off.
 */
final class KernelWarmUp {
    private static final int ROWS = 1_000, SIDE = 28;
    private final Thread thread;
    private volatile boolean stop;

    private KernelWarmUp() {
        this.thread = null;
    }

    private KernelWarmUp(Settings warm) {
        this.thread = new Thread(() -> run(warm), "digitnet-warm-up");
    }

    /** Thrown by the warm-up's listener to end its training early. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** Starts warming for {@code config}, or does nothing (returns a no-op) for none, layer lists and when turned off. */
    static KernelWarmUp start(Settings config) {
        if (config == null || !(config.network() instanceof NetworkSpec.Mlp mlp)
                || "off".equals(System.getProperty("digitnet.warmup"))) {
            return new KernelWarmUp();
        }
        Steps steps = config.steps().fullBatch() ? new Steps(0, 0, 40, 1) : new Steps(config.steps().batchSize(), 10, 0, 1);
        Settings warm = Settings.of(mlp.withoutDropout(), config.init(), config.optimizer(), steps, 1)
                .withSchedule(config.schedule());
        KernelWarmUp w = new KernelWarmUp(warm);
        w.thread.setDaemon(true);
        w.thread.start();
        return w;
    }

    /**
     * Ends the warm-up after its current step and waits for it (at most {@code maxMillis}), so
     * that it does not compete with the real steps.
     */
    void finish(long maxMillis) throws InterruptedException {
        stop = true;
        if (thread != null) {
            thread.join(maxMillis);
        }
    }

    private void run(Settings config) {
        ProgressListener stopWhenAsked = new ProgressListener() {
            @Override
            public void onProgress(digitnet.train.Progress progress) {
                stopIfAsked();
            }

            @Override
            public void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {
                stopIfAsked();
            }
        };
        try {
            Dataset images = discs(new Random(1));
            Network network = Network.initialised(config.network().architecture(SIDE, SIDE, 10), config.init(), 1);
            new Trainer(config, config.optimizer().create(), stopWhenAsked).train(network, images, null);
        } catch (RuntimeException e) {
            // stopped, or failed: either way only the compiler stays colder; the real run reports its own errors
        }
    }

    private void stopIfAsked() {
        if (stop) {
            throw new Stopped();
        }
    }

    // ROWS images whose pixels inside a centred disc of radius 10 are non-zero half the time
    private static Dataset discs(Random r) {
        byte[] px = new byte[ROWS * SIDE * SIDE];
        int[] labels = new int[ROWS];
        for (int i = 0; i < ROWS; i++) {
            labels[i] = r.nextInt(10);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int dy = y - SIDE / 2, dx = x - SIDE / 2;
                    if (dy * dy + dx * dx < 100 && r.nextBoolean()) {
                        px[(i * SIDE + y) * SIDE + x] = (byte) (1 + r.nextInt(255));
                    }
                }
            }
        }
        return new Dataset(px, labels, ROWS, SIDE, SIDE, 10, "warm-up discs");
    }
}
