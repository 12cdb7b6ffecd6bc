package digitnet.train;

import java.util.List;

/**
 * What a {@link Preset} decided for a data set, and why: the configuration it trains with and one
 * line per decision, printed at the start of training and saved in the model file.
 *
 * @param asked        the preset named
 * @param used         the preset that trains ({@code accurate} resolves to {@code mlp} or {@code cnn})
 * @param config       the training configuration
 * @param plannedSteps optimizer steps the configuration plans (epochs x batches per epoch; iterations for full batch)
 * @param decisions    each decision with its reason ("steps: 4,500 = training rows / 2, within [3,000, 10,000]")
 */
public record PresetChoice(Preset asked, Preset used, TrainConfig config, long plannedSteps, List<String> decisions) {

    public PresetChoice {
        decisions = List.copyOf(decisions);
        if (asked == null || used == null || config == null) {
            throw new IllegalArgumentException("asked, used and config must be given");
        }
    }
}
