package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a model was trained, as its file records it (the {@code training} metadata): the data trained on
 * and the {@link Settings}. {@link #toJson} and {@link #fromJson} are the one mapping between the two
 * (JSON keys in brackets below and in {@link #toJson}).
 *
 * <p>A file written by an older version may lack keys: {@code data_content_sha256} and {@code test_rows}
 * (then none were held out) and the preset's keys among others; those read as absent (null) or as their
 * default. A file without {@code seed} or {@code dev_rows} (a model made outside a training run) has no
 * settings: its held-out rows cannot be found and a resume checks only its network.
 *
 * @param data         the data set's name, a path or the embedded sample's name ("data")
 * @param rows         rows in the whole data set, test and dev rows included ("rows")
 * @param dataSha256   {@link Dataset#contentSha256()} of the whole data set ("data_content_sha256")
 * @param augmentation the distortions trained with ("augmentation": "shift 0.04, rotation 8.0, elastic 0.6/0.12"; null without)
 * @param settings     the settings that trained, or null when the file does not say
 */
public record TrainingRecord(String data, Integer rows, String dataSha256, String augmentation, Settings settings) {

    /** A record that says nothing (a model made outside a training run). */
    public static TrainingRecord none() {
        return new TrainingRecord(null, null, null, null, null);
    }

    /** The record of a run with {@code settings} on {@code all} (named {@code dataName}, checksum {@code dataSha256}). */
    public static TrainingRecord of(Settings settings, String dataName, Dataset all, String dataSha256) {
        Augmenter.Settings a = settings.augmentation(all.height(), all.width());
        String augmentation = a == null ? null : String.format(Locale.ROOT, "shift %s, rotation %s, elastic %s/%s",
                a.maxShift(), a.maxDegrees(), a.alpha(), a.sigma());
        return new TrainingRecord(dataName, all.count(), dataSha256, augmentation, settings);
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
     * The train, dev and test rows of {@code all} as this run cut them, or null when the record does not
     * say how (no settings or no dev rows) or {@code all} is not the data trained on.
     */
    public Splits splits(String dataName, Dataset all) {
        if (settings == null || settings.heldOut().devRows() <= 0 || !settings.heldOut().fit(all.count())
                || !sameData(dataName, all)) {
            return null;
        }
        return Splits.of(all, settings.heldOut().devRows(), settings.heldOut().testRows(), settings.seed());
    }

    /** The JSON object the model file holds: known keys in a fixed order, absent fields left out. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "data", data);
        put(m, "rows", rows);
        put(m, "data_content_sha256", dataSha256);
        Settings s = settings;
        if (s != null) {
            OptimizerSettings o = s.optimizer();
            Steps steps = s.steps();
            PresetDecisions p = s.preset();
            m.put("dev_rows", s.heldOut().devRows());
            m.put("test_rows", s.heldOut().testRows());
            put(m, "preset", p.asked() == null ? null : p.asked().id());
            m.put("init", s.init().id());
            m.put("optimizer", o.kind().id());
            m.put("learning_rate", o.learningRate());
            m.put("momentum", o.momentum());
            m.put("beta1", o.beta1());
            m.put("beta2", o.beta2());
            m.put("weight_decay", o.weightDecay());
            m.put("schedule", s.schedule().describe());
            m.put("dropout", s.network().dropout());
            m.put("augment", s.augment());
            if (s.augmentFor() < 1) {
                m.put("augment_for", s.augmentFor());    // written only when not all steps augment
            }
            if (s.labelSmoothing() > 0) {
                m.put("label_smoothing", s.labelSmoothing());   // written only when the targets were smoothed
            }
            m.put("patience", s.stopping().patience());
            m.put("max_seconds", s.stopping().maxSeconds());
            m.put("batch_size", steps.batchSize());
            m.put(steps.fullBatch() ? "iterations" : "epochs", steps.fullBatch() ? steps.iterations() : steps.epochs());
            m.put("seed", s.seed());
        }
        put(m, "augmentation", augmentation);
        if (s != null && s.preset().used() != null) {
            m.put("preset_used", s.preset().used().id());
            m.put("preset_planned_steps", s.preset().plannedSteps());
        }
        if (s != null && (s.preset().used() != null || !s.preset().lines().isEmpty())) {
            m.put("preset_decisions", s.preset().lines());
        }
        return m;
    }

    /**
     * Reads the JSON object back, for a network of {@code architecture}; unknown keys are ignored, a value of
     * the wrong type reads as absent, and settings the file does not hold (or holds out of range) as none.
     */
    public static TrainingRecord fromJson(Map<String, ?> m, Architecture architecture) {
        return new TrainingRecord(text(m, "data"), integer(m, "rows"), text(m, "data_content_sha256"),
                text(m, "augmentation"), settings(m, architecture));
    }

    // the settings a file records; a value it lacks reads as the notebook's (older files lack some)
    private static Settings settings(Map<String, ?> m, Architecture architecture) {
        Long seed = whole(m, "seed");
        Integer dev = integer(m, "dev_rows");
        if (seed == null || dev == null) {
            return null;
        }
        try {
            Steps fullBatch = Steps.fullBatch(500);
            int batch = or(integer(m, "batch_size"), 0);
            Steps steps = new Steps(batch, or(integer(m, "epochs"), fullBatch.epochs()),
                    or(integer(m, "iterations"), fullBatch.iterations()), fullBatch.progressEvery());
            OptimizerSettings.Kind kind = text(m, "optimizer") == null ? OptimizerSettings.Kind.SGD
                    : OptimizerSettings.Kind.parse(text(m, "optimizer"));
            OptimizerSettings optimizer = new OptimizerSettings(kind, or(real(m, "learning_rate"), 1.0),
                    or(real(m, "momentum"), OptimizerSettings.MOMENTUM), or(real(m, "beta1"), OptimizerSettings.BETA1),
                    or(real(m, "beta2"), OptimizerSettings.BETA2), or(real(m, "weight_decay"), 0.0));
            Schedule schedule = text(m, "schedule") == null ? null : Schedule.parse(text(m, "schedule"));
            Long planned = whole(m, "preset_planned_steps");
            PresetDecisions preset = new PresetDecisions(preset(m, "preset"), preset(m, "preset_used"),
                    planned == null ? 0 : planned, texts(m, "preset_decisions"));
            return new Settings(NetworkSpec.of(architecture, or(real(m, "dropout"), 0.0)), init(text(m, "init")),
                    optimizer, schedule == null ? new Schedule.Constant() : schedule, steps,
                    m.get("augment") instanceof Boolean b && b,
                    new Stopping(or(integer(m, "patience"), 0), or(real(m, "max_seconds"), 0.0)),
                    new HeldOutRows(dev, or(integer(m, "test_rows"), 0)), seed, preset, or(real(m, "augment_for"), 1.0),
                    or(real(m, "label_smoothing"), 0.0));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Init init(String id) {
        for (Init i : Init.values()) {
            if (i.id().equals(id)) {
                return i;
            }
        }
        return Init.UNIFORM;
    }

    private static Preset preset(Map<String, ?> m, String key) {
        String name = text(m, key);
        try {
            return name == null ? null : Preset.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
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
