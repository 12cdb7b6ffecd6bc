package digitnet.app.cli;

import digitnet.train.PresetData;
import digitnet.train.Settings;

/** The settings the command line makes of {@code train} options, for tests in other packages. */
public final class PresetConfigs {
    private PresetConfigs() {}

    /** The settings of {@code train trainArgs} on the embedded sample's facts (1000 dev rows). */
    public static Settings config(String... trainArgs) {
        return LearnOptionsTest.config(trainArgs);
    }

    /** The settings {@code train trainArgs} trains with on data with these facts (what {@code TrainCommand} makes). */
    public static Settings config(PresetData data, String... trainArgs) {
        return LearnOptionsTest.config(data, trainArgs);
    }
}
