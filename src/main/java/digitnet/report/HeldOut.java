package digitnet.report;

import digitnet.data.Dataset;
import digitnet.data.Split;
import digitnet.model.ModelInfo;
import digitnet.train.Seeds;
import java.util.Map;
import java.util.Optional;

/** Finds again the dev rows a model was not trained on, from the settings saved in its file. */
public final class HeldOut {
    private HeldOut() {}

    /**
     * The dev split of {@code all} when the model was trained on this very data (same name and
     * row count) with a dev set; empty otherwise.
     */
    public static Optional<Dataset> devRows(ModelInfo info, Dataset all, String dataName) {
        Map<String, Object> t = info.training();
        if (!dataName.equals(t.get("data")) || !(t.get("rows") instanceof Number rows) || rows.intValue() != all.count()
                || !(t.get("dev_rows") instanceof Number dev) || dev.intValue() <= 0 || dev.intValue() >= all.count()
                || !(t.get("seed") instanceof Number seed)) {
            return Optional.empty();
        }
        return Optional.of(Split.of(all, dev.intValue(), Seeds.split(seed.longValue())).dev());
    }
}
