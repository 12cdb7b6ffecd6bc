package digitnet.app.cli;

import digitnet.train.PresetData;
import digitnet.train.TrainConfig;

/** The training configuration the command line makes of {@code train} options, for tests in other packages. */
public final class PresetConfigs {
    private PresetConfigs() {}

    public static TrainConfig config(String... trainArgs) {
        return LearnOptionsTest.config(trainArgs);
    }

    /** The configuration of {@code train trainArgs} on data with these facts. */
    public static TrainConfig config(PresetData data, String... trainArgs) {
        return LearnOptionsTest.config(data, trainArgs);
    }
}
