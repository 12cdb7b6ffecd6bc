package digitnet.app.cli;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import digitnet.api.ResumeRefusedException;
import digitnet.nn.LayerSpec;
import digitnet.train.NetworkSpec;
import digitnet.train.Settings;
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

    /**
     * The saved model's network, to train on: {@code asked} (from --hidden or --layers, when given) must be
     * that network.
     */
    static NetworkSpec network(Model saved, NetworkSpec asked, boolean hiddenGiven, boolean layersGiven) {
        NetworkSpec was = saved.network().withoutDropout();
        List<Integer> savedHidden = was instanceof NetworkSpec.Mlp m ? m.hidden() : List.of();
        List<LayerSpec> savedItems = was instanceof NetworkSpec.Layers l ? l.items() : List.of();
        if (hiddenGiven && asked instanceof NetworkSpec.Mlp m && !savedHidden.equals(m.hidden())) {
            throw new UsageException("--hidden " + m.hidden() + " differs from the resumed model's " + saved.architecture());
        }
        if (layersGiven && asked instanceof NetworkSpec.Layers l && !savedItems.equals(l.items())) {
            throw new UsageException("--layers differs from the resumed model's " + saved.architecture());
        }
        return was;
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
            case "OptimizerSettings.kind" -> new UsageException(file + ": was trained with --optimizer " + e.saved()
                    + ", not " + e.asked() + "; resume with the same options");
            case "Settings.seed" -> differs(file, "--seed", e);
            case "HeldOutRows.devRows" -> differs(file, "--dev", e);
            case "HeldOutRows.testRows" -> differs(file, "--test", e);
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
