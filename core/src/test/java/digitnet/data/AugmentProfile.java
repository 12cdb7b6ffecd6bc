package digitnet.data;

import digitnet.tensor.Tensor;
import java.util.Random;

/**
 * A timing harness, not a test: microseconds per image of {@link Augmenter#apply} with the standard
 * settings on batches of 256 random 28x28 images, at the pool's thread count. Run:
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes digitnet.data.AugmentProfile}
 */
public final class AugmentProfile {
    public static void main(String[] args) {
        Augmenter a = new Augmenter(28, 28, args.length > 0 ? new Augmenter.Settings(0.04, 8, 0, 0) : Augmenter.Settings.standard());   // any argument: elastic off
        Tensor x = new Tensor(256, 784);
        Random r = new Random(1);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = r.nextFloat();
        }
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            for (int b = 0; b < 50; b++) {
                a.apply(x, r);
            }
            double us = (System.nanoTime() - t0) / 1e3 / (50 * 256);
            if (round >= 3) {
                System.out.printf("%.2f us per image (%.2f ms per batch of 256)%n", us, us * 256 / 1e3);
            }
        }
    }
}
