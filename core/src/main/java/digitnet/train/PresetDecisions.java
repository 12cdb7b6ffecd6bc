package digitnet.train;

import digitnet.data.InvalidSettingException;
import java.util.List;

/**
 * What a {@link Preset} decided for the data and why, as the model file records it: one line per
 * decision, written for the values that train (a value set instead of the preset's is followed by what
 * set it: "batch size: 32 (--batch-size)", or "(Steps.batchSize)" from the library).
 *
 * @param asked        the preset named, or null when the settings did not start from one
 * @param used         the preset that decided ({@code accurate} resolves to {@code mlp} or {@code cnn}), or
 *                     null when not known
 * @param plannedSteps the optimizer steps the run plans; 0 without a preset
 * @param lines        what was decided and why, one line each (empty when none)
 */
public record PresetDecisions(Preset asked, Preset used, long plannedSteps, List<String> lines) {

    /**
     * The values a preset decides that a user can set instead; {@link #field} names the value as an
     * {@link InvalidSettingException} does ({@code Steps.batchSize}), and so as the command line's one
     * table maps it to its flag.
     */
    public enum Setting {
        NETWORK("Settings.network"), DROPOUT("NetworkSpec.dropout"), INIT("Settings.init"),
        BATCH_SIZE("Steps.batchSize"), EPOCHS("Steps.epochs"), ITERATIONS("Steps.iterations"),
        LEARNING_RATE("OptimizerSettings.learningRate"), OPTIMIZER("OptimizerSettings.kind"),
        MOMENTUM("OptimizerSettings.momentum"), BETA1("OptimizerSettings.beta1"), BETA2("OptimizerSettings.beta2"),
        WEIGHT_DECAY("OptimizerSettings.weightDecay"), SCHEDULE("Settings.schedule"), AUGMENT("Settings.augment"),
        AUGMENT_FOR("Settings.augmentFor"), PATIENCE("Stopping.patience"), MAX_SECONDS("Stopping.maxSeconds"),
        LABEL_SMOOTHING("Settings.labelSmoothing");

        private final String field;

        Setting(String field) {
            this.field = field;
        }

        /** @return the value's record and field: "Steps.batchSize" */
        public String field() {
            return field;
        }
    }

    /**
     * Copies the lines.
     *
     * @param asked        the preset named, or null
     * @param used         the preset that decided, or null
     * @param plannedSteps the steps planned, at least 0
     * @param lines        the decisions (null reads as none)
     */
    public PresetDecisions {
        lines = lines == null ? List.of() : List.copyOf(lines);
        if (plannedSteps < 0) {
            throw new InvalidSettingException("PresetDecisions", "plannedSteps", "must be >= 0, got " + plannedSteps);
        }
    }

    /** @return no preset */
    public static PresetDecisions none() {
        return new PresetDecisions(null, null, 0, List.of());
    }
}
