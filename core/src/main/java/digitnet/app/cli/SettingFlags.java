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
            Map.entry("NetworkSpec.hidden", "--hidden"),
            Map.entry("NetworkSpec.dropout", "--dropout"),
            Map.entry("OptimizerSettings.kind", "--optimizer"),
            Map.entry("OptimizerSettings.learningRate", "--learning-rate"),
            Map.entry("OptimizerSettings.momentum", "--momentum"),
            Map.entry("OptimizerSettings.beta1", "--beta1"),
            Map.entry("OptimizerSettings.beta2", "--beta2"),
            Map.entry("OptimizerSettings.weightDecay", "--weight-decay"),
            Map.entry("Optimizer.weightDecay", "--weight-decay"),
            Map.entry("Schedule.StepDecay.everyEpochs", "--step-every"),
            Map.entry("Schedule.StepDecay.factor", "--step-factor"),
            Map.entry("Schedule.Cosine.warmupEpochs", "--warmup"),
            Map.entry("Steps.batchSize", "--batch-size"),
            Map.entry("Steps.epochs", "--epochs"),
            Map.entry("Steps.iterations", "--iterations"),
            Map.entry("Steps.progressEvery", "--every"),
            Map.entry("Stopping.patience", "--patience"),
            Map.entry("Stopping.maxSeconds", "--max-seconds"),
            Map.entry("Trainer.patience", "--patience"),
            Map.entry("HeldOutRows.devRows", "--dev"),
            Map.entry("HeldOutRows.testRows", "--test"),
            Map.entry("Settings.seed", "--seed"),
            Map.entry("Settings.augmentFor", "--augment-for"),
            Map.entry("Settings.labelSmoothing", "--label-smoothing"),
            Map.entry("WebServer.Settings.port", "--port"),
            Map.entry("WebServer.Settings.threads", "--threads"));

    /** The flag that sets {@code setting} ("Steps.batchSize" -> "--batch-size"), or the setting's name when none does. */
    static String flag(String setting) {
        return FLAGS.getOrDefault(setting, setting);
    }

    /** The exception's message with the setting's flag in place of its name (the name when no flag sets it). */
    static String message(InvalidSettingException e) {
        return flag(e.setting()) + " " + e.problem();
    }
}
