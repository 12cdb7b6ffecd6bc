package digitnet.app.cli;

import digitnet.train.TrainConfig;

/** The training configuration the command line makes of {@code train} options, for tests in other packages. */
public final class PresetConfigs {
    private PresetConfigs() {}

    public static TrainConfig config(String... trainArgs) {
        return LearnOptionsTest.config(trainArgs);
    }
}
