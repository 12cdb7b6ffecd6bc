package digitnet.api;

import digitnet.data.InvalidSettingException;
import digitnet.nn.Init;
import digitnet.nn.LayerSpec;
import digitnet.train.OptimizerConfig;
import digitnet.train.Preset;
import digitnet.train.Schedule;
import digitnet.train.TrainConfig;
import java.util.List;
import java.util.Map;

/**
 * {@link Settings} as the training loop's {@link TrainConfig}: building it checks every value, and a
 * setting the internal records refuse is renamed to the {@code Settings} field that holds it.
 */
final class SettingsConfig {
    // the internal names whose Settings field is called otherwise
    private static final Map<String, String> FIELDS = Map.of(
            "TrainConfig.every", "progressEvery",
            "Schedule.StepDecay.everyEpochs", "stepEveryEpochs",
            "Schedule.StepDecay.factor", "stepFactor");

    private SettingsConfig() {}

    static TrainConfig of(NetworkSpec network, Settings.Initialisation init, Settings.Optimizer optimizer,
                          double learningRate, double momentum, double beta1, double beta2, double weightDecay,
                          Settings.Schedule schedule, double warmupEpochs, double stepEveryEpochs, double stepFactor,
                          int batchSize, int epochs, int iterations, int progressEvery, double dropout, boolean augment,
                          int patience, double maxSeconds, long seed, int height, int width) {
        try {
            // the order of the command line's checks: optimizer, schedule, then the loop's own values
            OptimizerConfig opt = new OptimizerConfig(OptimizerConfig.Kind.valueOf(optimizer.name()), momentum, beta1,
                    beta2, weightDecay);
            if (!(warmupEpochs >= 0) || Double.isInfinite(warmupEpochs)) {
                throw new InvalidSettingException("Settings", "warmupEpochs", "must be >= 0 epochs, got " + warmupEpochs);
            }
            Schedule.StepDecay step = new Schedule.StepDecay(stepEveryEpochs, stepFactor);
            Schedule rate = switch (schedule) {
                case CONSTANT -> new Schedule.Constant();
                case STEP -> step;
                case COSINE -> new Schedule.Cosine(warmupEpochs);
            };
            List<Integer> hidden = network instanceof NetworkSpec.Mlp m ? m.hidden() : List.of();
            List<LayerSpec> layers = network instanceof NetworkSpec.Layers l ? l.items() : List.of();
            return new TrainConfig(hidden, Init.valueOf(init.name()), iterations, epochs, batchSize, learningRate,
                    progressEvery, seed, opt, rate, dropout, augment ? Preset.augmentation(height, width) : null,
                    patience, maxSeconds, layers);
        } catch (InvalidSettingException e) {
            String field = FIELDS.getOrDefault(e.setting(), e.setting().substring(e.setting().lastIndexOf('.') + 1));
            throw new InvalidSettingException("Settings", field, e.problem());
        }
    }
}
