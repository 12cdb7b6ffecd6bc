package digitnet.train;

import digitnet.data.Augmenter;
import digitnet.nn.LayerSpec;
import digitnet.train.PresetDecisions.Setting;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lines that say what a {@link Preset} decided, written for the settings that train. A line is
 * made of items, each about one or a few {@link Setting}s: an item whose settings the run keeps reads as
 * the preset wrote it, with its reason ("batch size: 64 (the power of two nearest 9,000 training rows /
 * 64, within [32, 64])"); an item whose settings the run changed gives the run's value and what set it
 * ("batch size: 32 (--batch-size)"). A value the preset does not mention (the mlp's He init, a time
 * budget) gets an item only when the run changes it. The preset's own lines are these lines for its own
 * configuration, so that what it decided and what a run records cannot drift apart.
 */
final class PresetLines {
    private final PresetData data;
    private final Settings preset, run;
    private final Set<Setting> changed;
    private final Function<Setting, String> setBy;

    private PresetLines(PresetData data, Settings preset, Settings run, Function<Setting, String> setBy) {
        this.data = data;
        this.preset = preset;
        this.run = run;
        this.changed = changes(preset, run);
        this.setBy = setBy;
    }

    /** The lines of {@code used} (asked as {@code asked}) sized for {@code data} to {@code preset}, for a run of {@code run}. */
    static List<String> lines(Preset asked, Preset used, PresetData data, Settings preset, Settings run,
                              Function<Setting, String> setBy) {
        return new PresetLines(data, preset, run, setBy).lines(asked, used);
    }

    /** The settings whose values differ between the two configurations, counting only what the run uses. */
    static Set<Setting> changes(Settings p, Settings r) {
        Set<Setting> s = EnumSet.noneOf(Setting.class);
        OptimizerSettings po = p.optimizer(), ro = r.optimizer();
        Steps ps = p.steps(), rs = r.steps();
        boolean momentum = ro.kind() == OptimizerSettings.Kind.MOMENTUM || ro.kind() == OptimizerSettings.Kind.NESTEROV;
        boolean adam = ro.kind() == OptimizerSettings.Kind.ADAM || ro.kind() == OptimizerSettings.Kind.ADAMW;
        add(s, Setting.NETWORK, !p.network().withoutDropout().equals(r.network().withoutDropout()));
        add(s, Setting.DROPOUT, p.network().dropout() != r.network().dropout());
        add(s, Setting.INIT, p.init() != r.init());
        add(s, Setting.BATCH_SIZE, ps.batchSize() != rs.batchSize());
        add(s, Setting.EPOCHS, !rs.fullBatch() && ps.epochs() != rs.epochs());
        add(s, Setting.ITERATIONS, rs.fullBatch() && ps.iterations() != rs.iterations());
        add(s, Setting.LEARNING_RATE, po.learningRate() != ro.learningRate());
        add(s, Setting.OPTIMIZER, po.kind() != ro.kind());
        add(s, Setting.MOMENTUM, momentum && po.momentum() != ro.momentum());
        add(s, Setting.BETA1, adam && po.beta1() != ro.beta1());
        add(s, Setting.BETA2, adam && po.beta2() != ro.beta2());
        add(s, Setting.WEIGHT_DECAY, po.weightDecay() != ro.weightDecay());
        add(s, Setting.SCHEDULE, !p.schedule().equals(r.schedule()));
        add(s, Setting.AUGMENT, p.augment() != r.augment());
        add(s, Setting.AUGMENT_FOR, r.augment() && p.augmentFor() != r.augmentFor());
        add(s, Setting.PATIENCE, p.stopping().patience() != r.stopping().patience());
        add(s, Setting.MAX_SECONDS, p.stopping().maxSeconds() != r.stopping().maxSeconds());
        add(s, Setting.LABEL_SMOOTHING, p.labelSmoothing() != r.labelSmoothing());
        return s;
    }

    private static void add(Set<Setting> s, Setting setting, boolean differs) {
        if (differs) {
            s.add(setting);
        }
    }

    private List<String> lines(Preset asked, Preset used) {
        List<String> lines = new ArrayList<>();
        if (asked == Preset.ACCURATE) {
            lines.add(String.format(Locale.ROOT, "%s: %s%s, since the images are %dx%d (cnn needs both sides >= %d)",
                    changed.contains(Setting.NETWORK) ? "settings" : "network", used.id(),
                    changed.contains(Setting.NETWORK) ? "'s" : "", data.height(), data.width(), Preset.CNN_MIN_SIDE));
        }
        if (used == Preset.SEED) {
            lines.add(notebook());
            return lines;
        }
        boolean cnn = used == Preset.CNN;
        if (cnn && preset.stopping().maxSeconds() > 0) {
            budgeted(lines, BudgetPlan.of(data, preset.stopping().maxSeconds()));
            return lines;
        }
        int maxBatch = Preset.maxBatch(cnn);
        int rows = data.trainRows();
        lines.add(item(String.format(Locale.ROOT, "batch size: %d (the power of two nearest %,d training rows / 64, within [32, %d])",
                        preset.steps().batchSize(), rows, maxBatch), () -> "batch size: " + batchSize(run), Setting.BATCH_SIZE)
                + "; " + item(String.format(Locale.ROOT, "learning rate %.4g = %.4g x sqrt(%d / %d)", preset.optimizer().learningRate(),
                        Preset.baseRate(cnn), preset.steps().batchSize(), maxBatch)
                        + (changed.contains(Setting.BATCH_SIZE) ? ", for the preset's batch size" : ""),
                        () -> "learning rate " + number(run.optimizer().learningRate()), Setting.LEARNING_RATE));
        lines.add(item(String.format(Locale.ROOT, "steps: %,d in %d epochs of %d batches (training rows / 2 = %,d, within [%,d, %,d])",
                        steps(preset), preset.steps().epochs(), perEpoch(preset), rows / 2L, Preset.MIN_STEPS, Preset.MAX_STEPS),
                () -> "steps: " + (run.steps().fullBatch() ? String.format(Locale.ROOT, "%,d full-batch iterations", run.steps().iterations())
                        : String.format(Locale.ROOT, "%,d in %d epochs of %d batches", steps(run), run.steps().epochs(), perEpoch(run))),
                Setting.BATCH_SIZE, Setting.EPOCHS, Setting.ITERATIONS));
        lines.add("schedule: " + optimizerItem(false) + ", "
                + item("weight decay " + number(preset.optimizer().weightDecay()),
                        () -> "weight decay " + number(run.optimizer().weightDecay()), Setting.WEIGHT_DECAY) + ", "
                + item(schedule(preset), () -> schedule(run), Setting.SCHEDULE)
                + extra(", ", () -> budget(run), Setting.MAX_SECONDS)
                + extra(", ", () -> smoothing(run), Setting.LABEL_SMOOTHING));
        augmentationAndStopping(lines);
        lines.add("network: " + item(cnn ? "3x3 convolutions of 16, 32, 64 channels (batch norm, ReLU, 2x2 max pooling),"
                        + " dropout 0.1, 128 units, dropout 0.1, " + data.classes() + " classes"
                        : "512-256 perceptron, dropout 0.1, " + data.classes() + " classes",
                () -> network(run), Setting.NETWORK, Setting.DROPOUT)
                + extra(", ", () -> run.init().id() + " init", Setting.INIT));
        return lines;
    }

    /** The augmentation line and the early-stopping line, the same for mlp, cnn and cnn under a budget. */
    private void augmentationAndStopping(List<String> lines) {
        lines.add(item(!preset.augment()
                        ? String.format(Locale.ROOT, "augmentation: off, the images' shorter side %d is under %d pixels",
                                data.side(), Preset.MIN_AUGMENT_SIDE)
                        : "augmentation: " + sizes(preset) + " (of the image size)" + share(preset)
                                + (preset.augmentFor() < 1 ? "; the rest train on the images as they are" : ""),
                () -> "augmentation: " + magnitudes(run), Setting.AUGMENT, Setting.AUGMENT_FOR));
        lines.add(item(preset.stopping().patience() > 0 ? earlyStopping(preset) : "early stopping: off, no dev rows",
                () -> earlyStopping(run), Setting.PATIENCE));
    }

    /** cnn's lines under a time budget: the fast recipe as {@link BudgetPlan} sized it. */
    private void budgeted(List<String> lines, BudgetPlan plan) {
        int rows = data.trainRows();
        double seconds = preset.stopping().maxSeconds();
        lines.add(item(String.format(Locale.ROOT, "batch size: %d (the power of two nearest %,d training rows / 64, within [32, 256])",
                        plan.batch(), rows), () -> "batch size: " + batchSize(run), Setting.BATCH_SIZE)
                + "; " + item(String.format(Locale.ROOT, "learning rate %.4g = %.4g x sqrt(%d / 256)", plan.learningRate(),
                        BudgetPlan.RATE, plan.batch()), () -> "learning rate " + number(run.optimizer().learningRate()),
                        Setting.LEARNING_RATE));
        lines.add(item(String.format(Locale.ROOT, "steps: planned %d epochs of %d batches, %d times the %.1f predicted to fit in %s s"
                                + " (within [1, %d]); the budget ends the run", plan.epochs(), perEpoch(preset),
                                BudgetPlan.EPOCHS_PER_PREDICTED, plan.imagesPerSecond() * seconds / rows, number(seconds),
                                BudgetPlan.MAX_EPOCHS),
                () -> "steps: " + (run.steps().fullBatch() ? String.format(Locale.ROOT, "%,d full-batch iterations", run.steps().iterations())
                        : String.format(Locale.ROOT, "%,d in %d epochs of %d batches", steps(run), run.steps().epochs(), perEpoch(run))),
                Setting.BATCH_SIZE, Setting.EPOCHS, Setting.ITERATIONS));
        lines.add("schedule: " + item("Adam, beta1 " + number(preset.optimizer().beta1()) + ", beta2 "
                        + number(preset.optimizer().beta2()), () -> optimizer(run), Setting.OPTIMIZER, Setting.MOMENTUM,
                        Setting.BETA1, Setting.BETA2)
                + extra(", ", () -> "weight decay " + number(run.optimizer().weightDecay()), Setting.WEIGHT_DECAY) + ", "
                + item("one cycle: " + schedule(preset), () -> schedule(run), Setting.SCHEDULE) + ", "
                + item(budget(preset) + " (the schedule's fractions are the budget's)", () -> budget(run), Setting.MAX_SECONDS)
                + ", " + item(smoothing(preset), () -> smoothing(run), Setting.LABEL_SMOOTHING));
        augmentationAndStopping(lines);
        lines.add("network: " + item(plan.describe(data), () -> network(run), Setting.NETWORK, Setting.DROPOUT)
                + extra(", ", () -> run.init().id() + " init", Setting.INIT));
    }

    /** The seed preset's one line, the notebook's values in a row, with what the run changed among them and after them. */
    private String notebook() {
        return "the notebook: " + item("784-10-10", () -> network(run), Setting.NETWORK, Setting.DROPOUT)
                + ", " + item(preset.init().id() + " init", () -> run.init().id() + " init", Setting.INIT)
                + ", " + optimizerItem(true)
                + ", " + item(String.format(Locale.ROOT, "%,d iterations", preset.steps().iterations()), () -> run.steps().fullBatch()
                        ? String.format(Locale.ROOT, "%,d iterations", run.steps().iterations())
                        : String.format(Locale.ROOT, "%d epochs of %d batches", run.steps().epochs(), perEpoch(run)),
                        Setting.BATCH_SIZE, Setting.EPOCHS, Setting.ITERATIONS)
                + ", " + item("learning rate " + number(preset.optimizer().learningRate()),
                        () -> "learning rate " + number(run.optimizer().learningRate()), Setting.LEARNING_RATE)
                + extra(", ", () -> "weight decay " + number(run.optimizer().weightDecay()), Setting.WEIGHT_DECAY)
                + extra(", ", () -> schedule(run), Setting.SCHEDULE)
                + extra(", ", () -> budget(run), Setting.MAX_SECONDS)
                + extra(", ", () -> smoothing(run), Setting.LABEL_SMOOTHING)
                + extra(", ", () -> "augmentation: " + magnitudes(run), Setting.AUGMENT, Setting.AUGMENT_FOR)
                + extra(", ", () -> earlyStopping(run), Setting.PATIENCE);
    }

    /** The optimizer, and for the notebook's line how it batches ("full-batch SGD"), which its other lines say. */
    private String optimizerItem(boolean notebook) {
        if (!notebook) {
            return item(optimizer(preset), () -> optimizer(run), Setting.OPTIMIZER, Setting.MOMENTUM, Setting.BETA1,
                    Setting.BETA2);
        }
        return item("full-batch " + optimizer(preset), () -> run.steps().fullBatch() ? "full-batch " + optimizer(run)
                : optimizer(run) + " on mini-batches of " + run.steps().batchSize(),
                Setting.BATCH_SIZE, Setting.OPTIMIZER, Setting.MOMENTUM, Setting.BETA1, Setting.BETA2);
    }

    /** {@code presetText} when the run keeps all of {@code settings}; otherwise the run's text and what set it. */
    private String item(String presetText, Supplier<String> runText, Setting... settings) {
        String by = setBy(settings);
        return by == null ? presetText : runText.get() + " (" + by + ")";
    }

    /** The training loss's targets: "label smoothing 0.1", or "one-hot targets". */
    private static String smoothing(Settings s) {
        return s.labelSmoothing() > 0 ? "label smoothing " + number(s.labelSmoothing()) : "one-hot targets";
    }

    /** An item the preset's text leaves out: nothing when the run keeps {@code settings}. */
    private String extra(String separator, Supplier<String> runText, Setting... settings) {
        String by = setBy(settings);
        return by == null ? "" : separator + runText.get() + " (" + by + ")";
    }

    /** What set the changed ones of {@code settings}, without repeats ("--hidden, --dropout"); null when none changed. */
    private String setBy(Setting... settings) {
        Set<String> names = new LinkedHashSet<>();
        for (Setting s : settings) {
            if (changed.contains(s)) {
                String name = setBy.apply(s);
                names.add(name == null || name.isEmpty() ? "not the preset's" : name);
            }
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    private static String batchSize(Settings c) {
        return c.steps().fullBatch() ? "full batch" : Integer.toString(c.steps().batchSize());
    }

    private String optimizer(Settings c) {
        OptimizerSettings o = c.optimizer();
        String betas = changed.contains(Setting.BETA1) || changed.contains(Setting.BETA2)
                ? ", beta1 " + number(o.beta1()) + ", beta2 " + number(o.beta2()) : "";
        return switch (o.kind()) {
            case SGD -> "SGD";
            case MOMENTUM -> "SGD with momentum " + number(o.momentum());
            case NESTEROV -> "Nesterov momentum " + number(o.momentum());
            case ADAM -> "Adam" + betas;
            case ADAMW -> "AdamW" + betas;
        };
    }

    private static String schedule(Settings c) {
        if (c.schedule() instanceof Schedule.Cosine cos) {
            return "cosine to 0 after " + number(cos.warmupEpochs()) + " warm-up epoch(s)";
        }
        if (c.schedule() instanceof Schedule.StepDecay step) {
            return "step decay x" + number(step.factor()) + " every " + number(step.everyEpochs()) + " epoch(s)";
        }
        return "constant learning rate";
    }

    private static String budget(Settings c) {
        double s = c.stopping().maxSeconds();
        return s > 0 ? "fitted to a time budget of " + number(s) + " s" : "no time budget";
    }

    /** The augmentation of {@code c} on the data's images, or "off". */
    private String magnitudes(Settings c) {
        return c.augment() ? sizes(c) + share(c) : "off";
    }

    /** The distortions' sizes on the data's images. */
    private String sizes(Settings c) {
        Augmenter.Settings a = Preset.augmentation(data.height(), data.width());
        return String.format(Locale.ROOT, "shift %.0f%%, rotation %.0f degrees, elastic alpha %.3f sigma %.2f",
                a.maxShift() * 100, a.maxDegrees(), a.alpha(), a.sigma());
    }

    /** ", for the first 50% of the steps" when not every step augments, else nothing. */
    private static String share(Settings c) {
        return c.augmentFor() < 1 ? ", for the first " + number(c.augmentFor() * 100) + "% of the steps" : "";
    }

    private static String earlyStopping(Settings c) {
        int patience = c.stopping().patience();
        return patience > 0 ? "early stopping: after " + patience + (c.steps().fullBatch() ? " reports" : " epochs")
                + " without a better dev accuracy; best weights kept" : "early stopping: off";
    }

    /** "784-32-10 perceptron, dropout 0.1", or a layer list in its syntax. */
    private String network(Settings c) {
        if (c.network() instanceof NetworkSpec.Layers list) {
            StringBuilder b = new StringBuilder();
            for (LayerSpec item : list.items()) {
                b.append(b.length() == 0 ? "" : ",").append(item.token());
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder().append(data.channels() * data.height() * data.width());
        for (int h : ((NetworkSpec.Mlp) c.network()).hidden()) {
            b.append('-').append(h);
        }
        b.append('-').append(data.classes()).append(" perceptron");
        if (c.network().dropout() > 0) {
            b.append(", dropout ").append(number(c.network().dropout()));
        } else if (changed.contains(Setting.DROPOUT)) {
            b.append(", no dropout");
        }
        return b.toString();
    }

    private long steps(Settings c) {
        return c.steps().planned(data.trainRows());
    }

    private int perEpoch(Settings c) {
        return c.steps().stepsPerEpoch(data.trainRows());
    }

    /** A value as short as it reads: "1", "0.05", "1.0E-4". */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
