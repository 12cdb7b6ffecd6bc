package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a model was trained, as its file records it (the {@code training} metadata; JSON keys in
 * brackets). A field that the file does not hold, or holds with another type, is null: files
 * written by older versions lack {@code dataSha256}, {@code testRows} and others, and the record
 * is informational except for the fields that find the held-out rows again ({@link #sameData},
 * {@link #splits}).
 *
 * @param data         the data set's name, a path or the embedded sample's name ("data")
 * @param rows         rows in the whole data set, test and dev rows included ("rows")
 * @param dataSha256   {@link Dataset#contentSha256()} of the whole data set ("data_content_sha256")
 * @param devRows      rows held out to evaluate on ("dev_rows")
 * @param testRows     rows held out before the dev split ("test_rows"); files without it had none
 * @param seed         the run's seed ("seed")
 * @param preset       the preset the options started from ("preset")
 * @param iterations   full-batch steps ("iterations"; null for mini-batch runs)
 * @param epochs       mini-batch epochs ("epochs"; null for full-batch runs)
 * @param augmentation the distortions trained with ("augmentation": "shift 0.04, rotation 8, elastic 0.6/0.12"; null without)
 * @param presetUsed   the preset that trained ("preset_used": accurate resolves to mlp or cnn)
 * @param plannedSteps optimizer steps the run planned ("preset_planned_steps"): the preset's, or those of the
 *                     epochs, batch size or iterations given instead (older files recorded the preset's plan
 *                     even then)
 * @param presetDecisions what the preset decided for the data and why, one line each ("preset_decisions"), as
 *                     it reads for the values that trained: a value given instead of the preset's is followed by
 *                     what set it ("batch size: 32 (--batch-size)"); older files recorded the preset's lines
 *                     whatever was given
 */
public record TrainSettings(String data, Integer rows, String dataSha256, Integer devRows, Integer testRows, Long seed,
                            String preset, String init, String optimizer, Double learningRate, Double momentum,
                            Double beta1, Double beta2, Double weightDecay, String schedule, Double dropout,
                            Boolean augment, Integer patience, Double maxSeconds, Integer batchSize,
                            Integer iterations, Integer epochs, String augmentation, String presetUsed,
                            Long plannedSteps, List<String> presetDecisions) {

    public TrainSettings {
        presetDecisions = presetDecisions == null ? null : List.copyOf(presetDecisions);
    }

    /** Settings that say nothing (a model made outside a training run). */
    public static TrainSettings none() {
        return new TrainSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The settings of a run of {@code config} on {@code all} (named {@code dataName}), cut by {@link Splits#of}. */
    public static TrainSettings of(TrainConfig config, String dataName, Dataset all, int devRows, int testRows,
                                   String preset) {
        return of(config, dataName, all, devRows, testRows, preset, null, null, null);
    }

    /**
     * The same, with what the preset the run started from decided ({@code choice}), as it reads for {@code config}:
     * a value {@code config} changed is followed by its field's name ("batch size: 32 (batchSize)").
     */
    public static TrainSettings of(TrainConfig config, String dataName, Dataset all, int devRows, int testRows,
                                   PresetChoice choice) {
        return of(config, dataName, all, devRows, testRows, choice.asked().id(), choice.used().id(),
                choice.plannedSteps(config), choice.decisions(config, PresetChoice.Setting::field));
    }

    /**
     * The same, with what the preset decided given as values: the preset that trained, the steps it planned and
     * its decisions (each null when not known).
     */
    public static TrainSettings of(TrainConfig config, String dataName, Dataset all, int devRows, int testRows,
                                   String preset, String presetUsed, Long plannedSteps, List<String> decisions) {
        return of(config, dataName, all, all.contentSha256(), devRows, testRows, preset, presetUsed, plannedSteps,
                decisions);
    }

    /** The same, with the data's {@link Dataset#contentSha256()} already computed. */
    public static TrainSettings of(TrainConfig config, String dataName, Dataset all, String dataSha256, int devRows,
                                   int testRows, String preset, String presetUsed, Long plannedSteps,
                                   List<String> decisions) {
        OptimizerConfig o = config.optimizer();
        Augmenter.Settings a = config.augment();
        String augmentation = a == null ? null : String.format(Locale.ROOT, "shift %s, rotation %s, elastic %s/%s",
                a.maxShift(), a.maxDegrees(), a.alpha(), a.sigma());
        return new TrainSettings(dataName, all.count(), dataSha256, devRows, testRows, config.seed(), preset,
                config.init().id(), o.kind().id(), config.learningRate(), o.momentum(), o.beta1(), o.beta2(),
                o.weightDecay(), config.schedule().describe(), config.dropout(), a != null,
                config.patience(), config.maxSeconds(), config.batchSize(),
                config.fullBatch() ? config.iterations() : null, config.fullBatch() ? null : config.epochs(),
                augmentation, presetUsed, plannedSteps, decisions);
    }

    /** These settings with {@code decisions} as what the preset decided (none when empty). */
    public TrainSettings withPresetDecisions(List<String> decisions) {
        return new TrainSettings(data, rows, dataSha256, devRows, testRows, seed, preset, init, optimizer, learningRate,
                momentum, beta1, beta2, weightDecay, schedule, dropout, augment, patience, maxSeconds, batchSize,
                iterations, epochs, augmentation, presetUsed, plannedSteps, decisions.isEmpty() ? null : decisions);
    }

    /**
     * True when {@code all}, named {@code dataName}, is the data set this model was trained on: same
     * name, same row count and, when the file records it, the same content checksum.
     */
    public boolean sameData(String dataName, Dataset all) {
        return dataName.equals(data) && rows != null && rows == all.count()
                && (dataSha256 == null || dataSha256.equals(all.contentSha256()));
    }

    /**
     * The train, dev and test rows of {@code all} as this run cut them, or null when the settings
     * do not say how (no seed or no dev rows) or {@code all} is not the data trained on.
     */
    public Splits splits(String dataName, Dataset all) {
        int test = testRows == null ? 0 : testRows;
        if (seed == null || devRows == null || devRows <= 0 || test < 0 || (long) devRows + test >= all.count()
                || !sameData(dataName, all)) {
            return null;
        }
        return Splits.of(all, devRows, test, seed);
    }

    /** The JSON object the model file holds: known keys in a fixed order, absent fields left out. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "data", data);
        put(m, "rows", rows);
        put(m, "data_content_sha256", dataSha256);
        put(m, "dev_rows", devRows);
        put(m, "test_rows", testRows);
        put(m, "preset", preset);
        put(m, "init", init);
        put(m, "optimizer", optimizer);
        put(m, "learning_rate", learningRate);
        put(m, "momentum", momentum);
        put(m, "beta1", beta1);
        put(m, "beta2", beta2);
        put(m, "weight_decay", weightDecay);
        put(m, "schedule", schedule);
        put(m, "dropout", dropout);
        put(m, "augment", augment);
        put(m, "patience", patience);
        put(m, "max_seconds", maxSeconds);
        put(m, "batch_size", batchSize);
        put(m, "iterations", iterations);
        put(m, "epochs", epochs);
        put(m, "seed", seed);
        put(m, "augmentation", augmentation);
        put(m, "preset_used", presetUsed);
        put(m, "preset_planned_steps", plannedSteps);
        put(m, "preset_decisions", presetDecisions);
        return m;
    }

    /** Reads the JSON object back; unknown keys are ignored, a value of the wrong type reads as absent. */
    public static TrainSettings fromJson(Map<String, ?> m) {
        return new TrainSettings(text(m, "data"), integer(m, "rows"), text(m, "data_content_sha256"),
                integer(m, "dev_rows"), integer(m, "test_rows"), whole(m, "seed"), text(m, "preset"), text(m, "init"),
                text(m, "optimizer"), real(m, "learning_rate"), real(m, "momentum"), real(m, "beta1"), real(m, "beta2"),
                real(m, "weight_decay"), text(m, "schedule"), real(m, "dropout"),
                m.get("augment") instanceof Boolean b ? b : null, integer(m, "patience"), real(m, "max_seconds"),
                integer(m, "batch_size"), integer(m, "iterations"), integer(m, "epochs"), text(m, "augmentation"),
                text(m, "preset_used"), whole(m, "preset_planned_steps"), texts(m, "preset_decisions"));
    }

    /** A list of strings, or null when the value is not one (a list holding anything else reads as absent). */
    private static List<String> texts(Map<String, ?> m, String key) {
        if (!(m.get(key) instanceof List<?> list)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static String text(Map<String, ?> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    private static Integer integer(Map<String, ?> m, String key) {
        Long v = whole(m, key);
        return v == null || v != v.intValue() ? null : v.intValue();
    }

    private static Long whole(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                ? ((Number) v).longValue() : null;
    }

    private static Double real(Map<String, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : null;
    }
}
