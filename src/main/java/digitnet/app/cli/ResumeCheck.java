package digitnet.app.cli;

import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.nn.Architecture;
import digitnet.nn.LayerSpec;
import digitnet.train.TrainSettings;
import digitnet.train.Training;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Refuses a {@code train --resume} that would not continue the saved run: another network, another
 * optimizer, or other rows (another --seed, --dev, --test or --data would put rows that the first
 * run held out into training). Each refusal is one line naming the option and both values; nothing
 * is written.
 */
final class ResumeCheck {
    private ResumeCheck() {}

    /** The saved model's hidden sizes, to train on when --hidden is not given. */
    static List<Integer> hidden(ModelFile.Loaded saved, List<Integer> asked, boolean askedGiven) {
        List<Integer> savedHidden = saved.network().architecture().hidden();
        if (askedGiven && !savedHidden.equals(asked)) {
            throw new UsageException("--hidden " + asked + " differs from the resumed model's "
                    + saved.network().architecture());
        }
        return savedHidden;
    }

    /** The saved model's layer list items (empty for a --hidden model), to train on when --layers is not given. */
    static List<LayerSpec> layers(ModelFile.Loaded saved, List<LayerSpec> asked, boolean askedGiven) {
        Architecture a = saved.network().architecture();
        List<LayerSpec> savedItems = a.isLayerList() ? a.layers().items() : List.of();
        if (askedGiven && !savedItems.equals(asked)) {
            throw new UsageException("--layers differs from the resumed model's " + a);
        }
        return savedItems;
    }

    /**
     * Checks that the run about to start, with settings {@code now} on {@code all}, continues the
     * saved one; returns where it resumes from.
     */
    static Training.Resume check(Path file, ModelFile.Loaded saved, TrainSettings now, Dataset all) {
        TrainSettings was = saved.info().training();
        if (was.optimizer() != null && !was.optimizer().equals(now.optimizer())) {
            throw new UsageException(file + ": was trained with --optimizer " + was.optimizer() + ", not "
                    + now.optimizer() + "; resume with the same options");
        }
        same(file, "--seed", was.seed(), now.seed());
        same(file, "--dev", was.devRows(), now.devRows());
        same(file, "--test", was.testRows() == null ? Integer.valueOf(0) : was.testRows(), now.testRows());
        same(file, "--data", was.data(), now.data());
        if (was.rows() != null && was.rows() != all.count()) {
            throw new UsageException(file + ": --data " + now.data() + " holds " + all.count()
                    + " rows but the model was trained on " + was.rows() + "; resume on the same data");
        }
        if (was.dataSha256() != null && !was.dataSha256().equals(now.dataSha256())) {
            throw new UsageException(file + ": --data " + now.data() + " has content checksum "
                    + now.dataSha256().substring(0, 16) + "... but the model was trained on data with "
                    + was.dataSha256().substring(0, Math.min(16, was.dataSha256().length()))
                    + "...; resume on the same data");
        }
        return new Training.Resume(saved.network(), saved.checkpoint());
    }

    /** A setting the model does not record (an older file) cannot be checked and passes. */
    private static void same(Path file, String option, Object was, Object now) {
        if (was != null && !Objects.equals(was, now)) {
            throw new UsageException(file + ": " + option + " " + now + " differs from the resumed model's "
                    + option + " " + was + "; resume with the same " + option);
        }
    }
}
