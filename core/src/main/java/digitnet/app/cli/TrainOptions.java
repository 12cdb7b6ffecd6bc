package digitnet.app.cli;

import digitnet.api.Digits;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.train.PresetData;
import digitnet.train.Settings;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet train}'s options for another front end to mix in (digitnet on Spark, docs/spark.md):
 * the data, the learning options and {@code --dev}, {@code --seed}, {@code --model}, made into the data and
 * the {@link Settings} {@code digitnet train} would train with. {@code --resume} is refused.
 */
public final class TrainOptions {
    @Mixin DataOptions dataOptions;

    @Option(names = "--dev", paramLabel = "N",
            description = "Rows held out (after shuffling with the seed) to evaluate on. Default: 1000; for data of fewer than "
                    + "10,000 rows (less --test), a tenth of them.")
    Integer dev;

    @Mixin LearnOptions learn;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of every random choice (split, initial weights, batch order). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "digitnet-model.safetensors",
            description = "Where to save the trained model. Default: ${DEFAULT-VALUE}.")
    Path model;

    /**
     * The dev rows of {@code --dev} ({@code given}, or null when not given) for data of {@code rows} rows: by
     * default 1,000, and a tenth of the rows less {@code test} when those are fewer than 10,000, so that a small
     * data set keeps nine tenths of its rows to train on.
     */
    public static int devRows(Integer given, int rows, int test) {
        if (given != null) {
            return given;
        }
        int rest = Math.max(0, rows - Math.max(0, test));
        return rest >= 10_000 ? 1000 : rest / 10;
    }

    /** What the options ask for: the data read, the settings, the model file to write. */
    public record Request(Digits data, Settings settings, Path model) {}

    /**
     * Reads the data and makes the settings as {@code digitnet train} does.
     *
     * @throws IllegalArgumentException (a usage error, the option named) for options that do not go together
     * @throws InputException for data that cannot be read or held out
     */
    public Request request() {
        learn.check();
        if (learn.resume != null) {
            throw new InvalidSettingException("TrainOptions", "resume", "is not supported here; train from the start");
        }
        Digits all = dataOptions.digits(null, null);
        int dev = devRows(this.dev, all.count(), learn.test);
        if (dev < 0 || learn.test < 0 || (long) dev + learn.test >= all.count()) {
            throw new InputException(all.source() + ": cannot hold out " + dev + " dev and " + learn.test
                    + " test rows from " + all.count() + " rows (at least one must remain for training)");
        }
        PresetData data = new PresetData(all.count() - dev - learn.test, dev, learn.test, all.channels(), all.height(),
                all.width(), all.classes());
        Settings settings = learn.settings(data, seed, null);
        settings.network().architecture(all.channels(), all.height(), all.width(), all.classes());
        return new Request(all, settings, model);
    }

    /** @return {@code --seed} */
    public long seed() {
        return seed;
    }
}
