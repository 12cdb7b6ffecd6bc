package digitnet.api;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.model.ModelInfo;
import digitnet.nn.Predictor;
import digitnet.train.CheckpointException;
import digitnet.train.Preset;
import digitnet.train.PresetChoice;
import digitnet.train.PresetData;
import digitnet.train.TrainConfig;
import digitnet.train.TrainListener;
import digitnet.train.TrainResult;
import digitnet.train.TrainSettings;
import digitnet.train.Training;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A training run for {@link Digitnet}: checks, split, train (or resume), score, and the model with its record. */
final class TrainingRuns {
    private TrainingRuns() {}

    /** Trains on {@code data}, from fresh weights or, with {@code saved}, from that model's weights and optimizer state. */
    static TrainingRun run(Digits data, Settings settings, ProgressListener listener, Model saved) {
        Dataset all = labelled(data, settings);
        settings.network().architecture(all.height(), all.width(), all.classes());   // refuses, naming NetworkSpec.layers
        TrainConfig config = settings.config(all.height(), all.width());
        TrainSettings trained = recorded(config, all, data.contentSha256(), settings);
        Training.Resume resume = null;
        if (saved != null) {
            check(saved, all, settings, trained);
            resume = new Training.Resume(saved.internalNetwork(), saved.checkpoint());
        }
        Training.Outcome o;
        try {
            o = Training.run(all, settings.devRows(), settings.testRows(), config, adapter(listener), resume);
        } catch (CheckpointException e) {
            if (saved == null) {
                throw e;
            }
            throw new InputException(saved.source() + ": " + e.getMessage());
        }
        Predictor predictor = new Predictor(o.network());
        Score train = score(predictor, o.train()), dev = score(predictor, o.dev()), test = score(predictor, o.test());
        ModelInfo info = new ModelInfo(o.network().architecture(), all.height(), all.width(),
                ModelInfo.numberedLabels(all.classes()), trained, metrics(train, dev, test));
        TrainResult r = o.result();
        Model model = new Model(o.network(), info, o.checkpoint(), "trained on " + all.source(), r.history());
        return new TrainingRun(model, StopReason.of(r.stopReason()), r.iterations(), r.epochsDone(), r.bestEpoch(),
                r.trainSeconds(), r.lastLearningRate(), r.history().stream().map(Progress::of).toList(),
                new Digits(o.train()), new Digits(o.dev()), new Digits(o.test()), train, dev, test);
    }

    /** Refuses a resume of {@code saved} on {@code data} with {@code settings} that would not continue its run. */
    static void checkResume(Model saved, Digits data, Settings settings) {
        Dataset all = labelled(data, settings);
        check(saved, all, settings, recorded(settings.config(all.height(), all.width()), all, data.contentSha256(), settings));
    }

    private static Dataset labelled(Digits data, Settings settings) {
        Dataset all = data.dataset();
        if (!all.labelled()) {
            throw new InputException(all.source() + ": has no labels; training needs labelled images");
        }
        if ((long) settings.devRows() + settings.testRows() >= all.count()) {
            throw new InvalidSettingException("Settings", "devRows", "and testRows hold out " + settings.devRows()
                    + " + " + settings.testRows() + " rows, leaving none of the " + all.count() + " to train on");
        }
        return all;
    }

    // what the model file records of the run: with the preset's choice when the settings carry it
    private static TrainSettings recorded(TrainConfig config, Dataset all, String dataSha256, Settings s) {
        if (s.presetUsed() == null) {
            return TrainSettings.of(config, all.source(), all, dataSha256, s.devRows(), s.testRows(), s.preset(), null,
                    null, null).withPresetDecisions(s.presetDecisions());
        }
        long planned = s.plannedSteps();
        List<String> decisions = s.presetDecisions();
        PresetChoice choice = presetChoice(s, all);
        if (choice != null && choice.decisions().equals(decisions)) {
            // the preset's own lines: rewritten for the values that train, a with... change named by its field
            planned = choice.plannedSteps(config);
            decisions = choice.decisions(config, setting -> "Settings." + setting.field());
        }
        return TrainSettings.of(config, all.source(), all, dataSha256, s.devRows(), s.testRows(), s.preset(),
                s.presetUsed(), planned, decisions);
    }

    // what the settings' preset chooses for these rows; null when it cannot choose (a name this version does not know)
    private static PresetChoice presetChoice(Settings s, Dataset all) {
        if (s.preset() == null) {
            return null;
        }
        try {
            return Preset.parse(s.preset()).choose(PresetData.of(all, s.devRows(), s.testRows()), s.seed());
        } catch (InvalidSettingException e) {
            return null;
        }
    }

    // the checks of a resume, in the order the command line has always made them
    private static void check(Model saved, Dataset all, Settings settings, TrainSettings now) {
        String file = saved.source();
        if (!saved.network().equals(settings.network())) {
            throw new ResumeRefusedException(file, "Settings.network", saved.network(), settings.network(),
                    "differs from the resumed model's network " + saved.architecture() + "; resume the same network");
        }
        TrainSettings was = saved.trainSettings();
        if (was.optimizer() != null && !was.optimizer().equals(now.optimizer())) {
            throw new ResumeRefusedException(file, "Settings.optimizer", was.optimizer(), now.optimizer(),
                    now.optimizer() + " differs from the resumed model's " + was.optimizer() + "; resume with the same optimizer");
        }
        same(file, "Settings.seed", was.seed(), now.seed());
        same(file, "Settings.devRows", was.devRows(), now.devRows());
        same(file, "Settings.testRows", was.testRows() == null ? Integer.valueOf(0) : was.testRows(), now.testRows());
        same(file, "Digits.source", was.data(), now.data());
        if (was.rows() != null && was.rows() != all.count()) {
            throw new ResumeRefusedException(file, "Digits.count", was.rows(), all.count(), all.count()
                    + " differs from the " + was.rows() + " rows the model was trained on; resume on the same data");
        }
        if (was.dataSha256() != null && !was.dataSha256().equals(now.dataSha256())) {
            throw new ResumeRefusedException(file, "Digits.content", was.dataSha256(), now.dataSha256(),
                    "checksum " + now.dataSha256() + " differs from that of the data the model was trained on, "
                            + was.dataSha256() + "; resume on the same data");
        }
    }

    // a value the model does not record (an older file) cannot be checked and passes
    private static void same(String file, String setting, Object was, Object now) {
        if (was != null && !Objects.equals(was, now)) {
            throw new ResumeRefusedException(file, setting, was, now, now + " differs from the resumed model's " + was
                    + "; resume with the same value");
        }
    }

    private static Score score(Predictor predictor, Dataset rows) {
        if (rows.count() == 0) {
            return null;
        }
        Predictor.Score s = predictor.score(rows);
        return new Score(s.accuracy(), s.loss());
    }

    // the model file's metrics: accuracy and loss of each split that has rows
    private static Map<String, Object> metrics(Score train, Score dev, Score test) {
        Map<String, Object> m = new LinkedHashMap<>();
        Score[] scores = {train, dev, test};
        String[] names = {"train", "dev", "test"};
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] != null) {
                m.put(names[i] + "_accuracy", scores[i].accuracy());
                m.put(names[i] + "_loss", scores[i].loss());
            }
        }
        return m;
    }

    private static TrainListener adapter(ProgressListener listener) {
        return new TrainListener() {
            @Override
            public void onProgress(digitnet.train.Progress p) {
                listener.onProgress(Progress.of(p));
            }

            @Override
            public void onBatch(int epoch, int batch, int batches, double meanLoss, double meanAccuracy) {
                listener.onBatch(epoch, batch, batches, meanLoss, meanAccuracy);
            }
        };
    }
}
