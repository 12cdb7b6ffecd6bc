package digitnet.report;

import digitnet.data.Dataset;
import digitnet.model.ModelInfo;
import digitnet.train.Splits;
import java.util.Optional;

/** Finds again the dev rows a model was not trained on, from the settings saved in its file. */
public final class HeldOut {
    private HeldOut() {}

    /**
     * The dev rows of {@code all}, cut by {@link Splits#of} as the training run cut them (test rows
     * first), when the model was trained on this very data (see {@code TrainingRecord.sameData}) with
     * a dev set; empty otherwise.
     */
    public static Optional<Dataset> devRows(ModelInfo info, Dataset all, String dataName) {
        Splits splits = info.training().splits(dataName, all);
        return splits == null ? Optional.empty() : Optional.of(splits.dev());
    }
}
