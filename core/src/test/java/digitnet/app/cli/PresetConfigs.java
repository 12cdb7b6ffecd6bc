package digitnet.app.cli;

import digitnet.api.Settings;
import digitnet.train.PresetChoice;
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

    /** The library settings {@code train trainArgs} trains with on data with these facts (what {@code TrainCommand} makes). */
    public static Settings settings(PresetData data, String... trainArgs) {
        TrainCommand cmd = LearnOptionsTest.parse(trainArgs);
        PresetChoice choice = cmd.learn.resolve(data, cmd.seed);
        return cmd.learn.settings(cmd.seed, cmd.learn.hidden, cmd.learn.layerItems(), cmd.dev, choice);
    }
}
