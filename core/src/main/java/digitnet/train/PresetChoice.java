package digitnet.train;

import java.util.List;
import java.util.function.Function;

/**
 * What a {@link Preset} decided for a data set, and why: the configuration it trains with and one
 * line per decision, printed at the start of training and saved in the model file.
 *
 * <p>The user's options may change some of the values before the run starts. {@link #decisions(TrainConfig, Function)}
 * and {@link #plannedSteps(TrainConfig)} then say what the run that trains does: the lines describe its
 * values, each value the preset chose with the preset's reason, each other value with what set it
 * ("network: 784-32-10 perceptron, dropout 0.1 (--hidden)").
 *
 * @param asked        the preset named
 * @param used         the preset that trains ({@code accurate} resolves to {@code mlp} or {@code cnn})
 * @param data         the facts the preset was sized from
 * @param config       the training configuration
 * @param plannedSteps optimizer steps the configuration plans (epochs x batches per epoch; iterations for full batch)
 * @param decisions    each decision with its reason ("steps: 4,500 = training rows / 2, within [3,000, 10,000]")
 */
public record PresetChoice(Preset asked, Preset used, PresetData data, TrainConfig config, long plannedSteps,
                           List<String> decisions) {

    /**
     * The values a preset decides that the user can set instead; {@link #field} is the name of the value in
     * {@link TrainConfig} and in the library's {@code Settings}.
     */
    public enum Setting {
        NETWORK("network"), DROPOUT("dropout"), INIT("init"), BATCH_SIZE("batchSize"), EPOCHS("epochs"),
        ITERATIONS("iterations"), LEARNING_RATE("learningRate"), OPTIMIZER("optimizer"), MOMENTUM("momentum"),
        BETA1("beta1"), BETA2("beta2"), WEIGHT_DECAY("weightDecay"), SCHEDULE("schedule"), AUGMENT("augment"),
        PATIENCE("patience"), MAX_SECONDS("maxSeconds");

        private final String field;

        Setting(String field) {
            this.field = field;
        }

        /** The value's name: "batchSize". */
        public String field() {
            return field;
        }
    }

    public PresetChoice {
        decisions = List.copyOf(decisions);
        if (asked == null || used == null || data == null || config == null) {
            throw new IllegalArgumentException("asked, used, data and config must be given");
        }
    }

    /**
     * The decisions as they read for a run of {@code run} instead of {@link #config}: equal to
     * {@link #decisions()} when the run keeps every value the preset chose; otherwise each value the run
     * changed reads as the run has it, followed by what set it in brackets, {@code setBy} of each
     * {@link Setting} that differs ("batch size: 32 (--batch-size)").
     */
    public List<String> decisions(TrainConfig run, Function<Setting, String> setBy) {
        return PresetDecisions.lines(asked, used, data, config, run, setBy);
    }

    /** Optimizer steps {@code run} plans on the training rows this choice was sized for. */
    public long plannedSteps(TrainConfig run) {
        return PresetSizing.steps(run, data.trainRows());
    }
}
