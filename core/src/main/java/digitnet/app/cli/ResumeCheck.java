package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import digitnet.api.NetworkSpec;
import digitnet.api.ResumeRefusedException;
import digitnet.api.Settings;
import digitnet.nn.LayerSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Refuses a {@code train --resume} that would not continue the saved run: another network, another
 * optimizer, or other rows (another --seed, --dev, --test or --data would put rows that the first
 * run held out into training). The library decides ({@link Digitnet#checkResume}); each refusal is
 * said here as one line naming the option and both values; nothing is written.
 */
final class ResumeCheck {
    private ResumeCheck() {}

    /** The saved model's hidden sizes, to train on when --hidden is not given. */
    static List<Integer> hidden(Model saved, List<Integer> asked, boolean askedGiven) {
        List<Integer> savedHidden = saved.network() instanceof NetworkSpec.Mlp m ? m.hidden() : List.of();
        if (askedGiven && !savedHidden.equals(asked)) {
            throw new UsageException("--hidden " + asked + " differs from the resumed model's " + saved.architecture());
        }
        return savedHidden;
    }

    /** The saved model's layer list items (empty for a --hidden model), to train on when --layers is not given. */
    static List<LayerSpec> layers(Model saved, List<LayerSpec> asked, boolean askedGiven) {
        List<LayerSpec> savedItems = saved.network() instanceof NetworkSpec.Layers l ? l.items() : List.of();
        if (askedGiven && !savedItems.equals(asked)) {
            throw new UsageException("--layers differs from the resumed model's " + saved.architecture());
        }
        return savedItems;
    }

    /** Checks that training {@code data} (named {@code dataName}) with {@code settings} continues the saved run. */
    static void check(Path file, Model saved, Digits data, Settings settings, String dataName) {
        try {
            Digitnet.checkResume(saved, data, settings);
        } catch (ResumeRefusedException e) {
            throw refusal(file, e, dataName);
        }
    }

    /** The library's refusal in the options' words. */
    private static UsageException refusal(Path file, ResumeRefusedException e, String dataName) {
        return switch (e.setting()) {
            case "Settings.optimizer" -> new UsageException(file + ": was trained with --optimizer " + e.saved()
                    + ", not " + e.asked() + "; resume with the same options");
            case "Settings.seed" -> differs(file, "--seed", e);
            case "Settings.devRows" -> differs(file, "--dev", e);
            case "Settings.testRows" -> differs(file, "--test", e);
            case "Digits.source" -> differs(file, "--data", e);
            case "Digits.count" -> new UsageException(file + ": --data " + dataName + " holds " + e.asked()
                    + " rows but the model was trained on " + e.saved() + "; resume on the same data");
            case "Digits.content" -> new UsageException(file + ": --data " + dataName + " has content checksum "
                    + prefix(e.asked()) + "... but the model was trained on data with " + prefix(e.saved())
                    + "...; resume on the same data");
            default -> new UsageException(e.getMessage());
        };
    }

    private static UsageException differs(Path file, String option, ResumeRefusedException e) {
        return new UsageException(file + ": " + option + " " + e.asked() + " differs from the resumed model's "
                + option + " " + e.saved() + "; resume with the same " + option);
    }

    private static String prefix(Object checksum) {
        String s = String.valueOf(checksum);
        return s.substring(0, Math.min(16, s.length()));
    }
}
