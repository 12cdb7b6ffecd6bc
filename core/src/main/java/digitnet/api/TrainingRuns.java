package digitnet.api;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.model.ModelInfo;
import digitnet.nn.Predictor;
import digitnet.train.BudgetStart;
import digitnet.train.CheckpointException;
import digitnet.train.PresetData;
import digitnet.train.PresetDecisions;
import digitnet.train.ProgressListener;
import digitnet.train.Settings;
import digitnet.train.TrainResult;
import digitnet.train.Training;
import digitnet.train.TrainingRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A training run for {@link Digitnet}: checks, split, train (or resume), score, and the model with its record. */
final class TrainingRuns {
    private TrainingRuns() {}

    /**
     * Trains on {@code data}, from fresh weights or, with {@code saved}, from that model's weights and optimizer state;
     * a time budget counts from {@code from} and leaves room for scoring every row of {@code data} after the loop
     * (null: the budget is the loop's).
     */
    static TrainingRun run(Digits data, Settings settings, ProgressListener listener, Model saved, BudgetStart from) {
        Dataset all = labelled(data, settings);
        settings.network().architecture(all.channels(), all.height(), all.width(), all.classes());   // refuses, naming NetworkSpec.layers
        TrainingRecord trained = recorded(settings, all, data.contentSha256());
        Training.Resume resume = null;
        if (saved != null) {
            check(saved, all, trained);
            resume = new Training.Resume(saved.internalNetwork(), saved.checkpoint());
        }
        Training.Outcome o;
        try {
            o = Training.run(all, settings, listener, resume, from == null ? null : from.scoringAlso(all.count()));
        } catch (CheckpointException e) {
            if (saved == null) {
                throw e;
            }
            throw new InputException(saved.source() + ": " + e.getMessage());
        }
        Predictor predictor = new Predictor(o.network());
        Score train = score(predictor, o.train()), dev = score(predictor, o.dev()), test = score(predictor, o.test());
        ModelInfo info = new ModelInfo(o.network().architecture(), all.channels(), all.height(), all.width(),
                all.names(), trained, metrics(train, dev, test));
        TrainResult r = o.result();
        Model model = new Model(o.network(), info, o.checkpoint(), "trained on " + all.source(), r.history());
        return new TrainingRun(model, r.stopReason(), r.iterations(), r.epochsDone(), r.bestEpoch(),
                r.trainSeconds(), r.lastLearningRate(), r.history(),
                new Digits(o.train()), new Digits(o.dev()), new Digits(o.test()), train, dev, test);
    }

    /** Refuses a resume of {@code saved} on {@code data} with {@code settings} that would not continue its run. */
    static void checkResume(Model saved, Digits data, Settings settings) {
        Dataset all = labelled(data, settings);
        check(saved, all, recorded(settings, all, data.contentSha256()));
    }

    private static Dataset labelled(Digits data, Settings settings) {
        Dataset all = data.dataset();
        if (!all.labelled()) {
            throw new InputException(all.source() + ": has no labels; training needs labelled images");
        }
        settings.heldOut().trainRows(all.count());
        return all;
    }

    // what the model file records of the run: the preset's own decisions rewritten for the values that train
    static TrainingRecord recorded(Settings s, Dataset all, String dataSha256) {
        PresetDecisions p = s.preset();
        if (p.asked() != null && p.used() != null) {
            PresetData data = PresetData.of(all, s.heldOut());
            // sized for the run's budget (Digitnet.preset with one), or for none and given a budget after
            for (double budget : new double[] {s.stopping().maxSeconds(), 0}) {
                PresetDecisions own = presetDecisions(p, data, s.seed(), budget);
                if (own != null && own.lines().equals(p.lines())) {
                    // a with... change is named by its record's field ("Steps.batchSize")
                    s = s.withPreset(p.asked().decisions(data, s, PresetDecisions.Setting::field, budget));
                    break;
                }
            }
        }
        return TrainingRecord.of(s, all.source(), all, dataSha256);
    }

    // what the preset decides for these rows; null when it cannot decide (a cnn on images too small)
    private static PresetDecisions presetDecisions(PresetDecisions p, PresetData data, long seed, double budget) {
        try {
            return p.asked().settings(data, seed, budget).preset();
        } catch (InvalidSettingException e) {
            return null;
        }
    }

    // the checks of a resume, in the order the command line has always made them
    private static void check(Model saved, Dataset all, TrainingRecord now) {
        String file = saved.source();
        Settings asked = now.settings();
        if (!saved.network().withoutDropout().equals(asked.network().withoutDropout())) {
            throw new ResumeRefusedException(file, "Settings.network", saved.network(), asked.network(),
                    "differs from the resumed model's network " + saved.architecture() + "; resume the same network");
        }
        TrainingRecord record = saved.trainingRecord();
        Settings was = record.settings();
        if (was != null) {
            String wasKind = was.optimizer().kind().id(), kind = asked.optimizer().kind().id();
            if (!wasKind.equals(kind)) {
                throw new ResumeRefusedException(file, "OptimizerSettings.kind", wasKind, kind,
                        kind + " differs from the resumed model's " + wasKind + "; resume with the same optimizer");
            }
            same(file, "Settings.seed", was.seed(), asked.seed());
            same(file, "HeldOutRows.devRows", was.heldOut().devRows(), asked.heldOut().devRows());
            same(file, "HeldOutRows.testRows", was.heldOut().testRows(), asked.heldOut().testRows());
        }
        same(file, "Digits.source", record.data(), now.data());
        if (record.rows() != null && record.rows() != all.count()) {
            throw new ResumeRefusedException(file, "Digits.count", record.rows(), all.count(), all.count()
                    + " differs from the " + record.rows() + " rows the model was trained on; resume on the same data");
        }
        if (record.dataSha256() != null && !record.dataSha256().equals(now.dataSha256())) {
            throw new ResumeRefusedException(file, "Digits.content", record.dataSha256(), now.dataSha256(),
                    "checksum " + now.dataSha256() + " differs from that of the data the model was trained on, "
                            + record.dataSha256() + "; resume on the same data");
        }
    }

    // a value the model does not record (an older file) cannot be checked and passes
    private static void same(String file, String setting, Object was, Object now) {
        if (was != null && !Objects.equals(was, now)) {
            throw new ResumeRefusedException(file, setting, was, now, now + " differs from the resumed model's " + was
                    + "; resume with the same value");
        }
    }

    static Score score(Predictor predictor, Dataset rows) {
        if (rows.count() == 0) {
            return null;
        }
        Predictor.Score s = predictor.score(rows);
        return new Score(s.accuracy(), s.loss());
    }

    // the model file's metrics: accuracy and loss of each split that has rows
    static Map<String, Object> metrics(Score train, Score dev, Score test) {
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
}
