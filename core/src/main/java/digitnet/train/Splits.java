package digitnet.train;

import digitnet.data.Dataset;
import digitnet.data.Split;

/**
 * The three parts of a labelled data set, as a training run cuts them: first {@code testRows}
 * (shuffled with {@link Seeds#test}) are held out, then {@code devRows} of the rest (shuffled with
 * {@link Seeds#split}); the remainder is trained on. {@link Training} and every reader of a saved
 * model's held-out rows (the report, the web page's gallery) cut through {@link #of}, so they agree.
 *
 * @param test rows never used for any decision (may be empty)
 */
public record Splits(Dataset train, Dataset dev, Dataset test) {

    public static Splits of(Dataset all, int devRows, int testRows, long seed) {
        Dataset rest = all;
        Dataset test = all.subset(new int[0], all.source() + " (test)");
        if (testRows > 0) {
            Split outer = Split.of(all, testRows, Seeds.test(seed));
            rest = outer.train();
            test = outer.dev();
        }
        Split inner = Split.of(rest, devRows, Seeds.split(seed));
        return new Splits(inner.train(), inner.dev(), test);
    }
}
