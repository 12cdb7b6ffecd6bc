package digitnet.data;

import java.util.Random;

/**
 * A shuffled hold-out split, as in the notebook: shuffle with the seed, the first {@code dev}
 * rows are the dev set, the rest is for training.
 */
public record Split(Dataset train, Dataset dev) {

    public static Split of(Dataset all, int dev, long seed) {
        if (dev < 0 || dev >= all.count()) {
            throw new InputException(all.source() + ": cannot hold out " + dev + " dev rows from "
                    + all.count() + " rows (at least one must remain for training)");
        }
        int[] order = Dataset.permutation(all.count(), new Random(seed));
        int[] devIdx = java.util.Arrays.copyOfRange(order, 0, dev);
        int[] trainIdx = java.util.Arrays.copyOfRange(order, dev, order.length);
        return new Split(all.subset(trainIdx, all.source() + " (train)"), all.subset(devIdx, all.source() + " (dev)"));
    }
}
