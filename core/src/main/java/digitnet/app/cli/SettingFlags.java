package digitnet.app.cli;

import digitnet.data.InvalidSettingException;
import java.util.Map;

/**
 * The one table from a library setting's name (as {@link InvalidSettingException} names it) to the
 * command-line flag that sets it, so that a bad value reads as the user typed it.
 */
final class SettingFlags {
    private SettingFlags() {}

    static final Map<String, String> FLAGS = Map.ofEntries(
            Map.entry("Architecture.hidden", "--hidden"),
            Map.entry("Architecture.classes", "--classes"),
            Map.entry("TrainConfig.iterations", "--iterations"),
            Map.entry("TrainConfig.epochs", "--epochs"),
            Map.entry("TrainConfig.batchSize", "--batch-size"),
            Map.entry("TrainConfig.learningRate", "--learning-rate"),
            Map.entry("TrainConfig.every", "--every"),
            Map.entry("TrainConfig.dropout", "--dropout"),
            Map.entry("TrainConfig.patience", "--patience"),
            Map.entry("TrainConfig.maxSeconds", "--max-seconds"),
            Map.entry("OptimizerConfig.kind", "--optimizer"),
            Map.entry("OptimizerConfig.momentum", "--momentum"),
            Map.entry("OptimizerConfig.beta1", "--beta1"),
            Map.entry("OptimizerConfig.beta2", "--beta2"),
            Map.entry("OptimizerConfig.weightDecay", "--weight-decay"),
            Map.entry("Optimizer.weightDecay", "--weight-decay"),
            Map.entry("Schedule.StepDecay.everyEpochs", "--step-every"),
            Map.entry("Schedule.StepDecay.factor", "--step-factor"),
            Map.entry("Schedule.Cosine.warmupEpochs", "--warmup"),
            Map.entry("Trainer.patience", "--patience"),
            Map.entry("NetworkSpec.hidden", "--hidden"),
            Map.entry("Settings.learningRate", "--learning-rate"),
            Map.entry("Settings.momentum", "--momentum"),
            Map.entry("Settings.beta1", "--beta1"),
            Map.entry("Settings.beta2", "--beta2"),
            Map.entry("Settings.weightDecay", "--weight-decay"),
            Map.entry("Settings.warmupEpochs", "--warmup"),
            Map.entry("Settings.stepEveryEpochs", "--step-every"),
            Map.entry("Settings.stepFactor", "--step-factor"),
            Map.entry("Settings.batchSize", "--batch-size"),
            Map.entry("Settings.epochs", "--epochs"),
            Map.entry("Settings.iterations", "--iterations"),
            Map.entry("Settings.progressEvery", "--every"),
            Map.entry("Settings.dropout", "--dropout"),
            Map.entry("Settings.patience", "--patience"),
            Map.entry("Settings.maxSeconds", "--max-seconds"),
            Map.entry("Settings.devRows", "--dev"),
            Map.entry("Settings.testRows", "--test"),
            Map.entry("WebServer.Settings.port", "--port"),
            Map.entry("WebServer.Settings.threads", "--threads"));

    /** The exception's message with the setting's flag in place of its name (the name when no flag sets it). */
    static String message(InvalidSettingException e) {
        return FLAGS.getOrDefault(e.setting(), e.setting()) + " " + e.problem();
    }
}
