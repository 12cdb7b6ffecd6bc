package digitnet.app.cli;

import digitnet.api.Model;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Init;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.LayerSpec;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Preset;
import digitnet.train.PresetData;
import digitnet.train.PresetDecisions;
import digitnet.train.Schedule;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * How to learn: network shape, optimizer, schedule, regularisation, stopping, presets (a picocli
 * mixin of {@code train}). A preset is the library's {@link Preset}, sized from the data; the options
 * the user gave replace its values ({@link #settings}). Adding a training option: docs in ARCHITECTURE.md.
 */
public final class LearnOptions {
    // what --help says each preset sets and how it adapts
    static final String PRESETS = "Bundled settings sized from the data; explicit options override them. Default: seed.";
    static final String SEED = "seed: --hidden 10 --init uniform --batch-size 0 --iterations 500 --learning-rate 1 --every 10"
            + " --optimizer sgd --weight-decay 0 --schedule constant --dropout 0 --no-augment --patience 0 (the notebook, exactly).";
    static final String MLP = "mlp: --hidden 512,256 --dropout 0.1 --init he --optimizer adamw --weight-decay 0.05 --schedule cosine;"
                + " steps = training rows / 2 within [" + Preset.MIN_STEPS + ", " + Preset.MAX_STEPS + "], in whole epochs; batch size the power of two nearest"
                + " rows / 64 within [32, 128], learning rate 0.002 x sqrt(batch / 128); augmentation scaled to the image,"
                + " for the first half of the steps (--augment-for " + Preset.MLP_AUGMENT_FOR + "), off when a side is under " + Preset.MIN_AUGMENT_SIDE + " pixels; with dev rows, --patience of half the epochs (at least 10),"
                + " best weights kept.";
    static final String CNN = "cnn: the convnet of docs/cnn.md (3x3 convolutions of 16, 32, 64 channels with batch norm and 2x2 pooling,"
                + " 128 units, the data's classes), sized as mlp with batch size within [32, 64] and learning rate"
                + " 0.003 x sqrt(batch / 64); images of at least " + Preset.CNN_MIN_SIDE + "x" + Preset.CNN_MIN_SIDE + ".";
    static final String ACCURATE = "accurate: cnn when both image sides are at least " + Preset.CNN_MIN_SIDE + " pixels, mlp otherwise (a 1xN row).";
    static final String RECORDED = "Training prints what the preset decided, with the values given instead of its own"
            + " and their flags; the model file records the same.";

    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    @Option(names = "--preset", paramLabel = "NAME", order = 0, description = {PRESETS, SEED, MLP, CNN, ACCURATE, RECORDED})
    String preset;

    @Option(names = "--hidden", paramLabel = "N", split = ",", order = 1,
            description = "Hidden layer sizes, ReLU after each (seed preset: 10, the notebook's 784-10-10).")
    List<Integer> hidden;

    @Option(names = "--layers", paramLabel = "LIST", order = 1,
            description = {"The whole network as a comma-separated list of items: " + LayerListSyntax.ITEMS
                    + ". The last item is linear:CLASSES. Input channels and sizes come from the data "
                    + "(a 784-pixel CSV is 1x28x28). Instead of --hidden. Example, the Keras MNIST convnet: "
                    + "conv:32:3,relu,maxpool:2,conv:64:3,relu,maxpool:2,flatten,dropout:0.5,linear:10"})
    String layers;

    @Option(names = "--init", paramLabel = "KIND", order = 2,
            description = "Weight initialisation: uniform (the notebook's [-0.5, 0.5]), he, xavier. "
                    + "Default: the preset's; he for a --layers network given without a preset.")
    String init;

    @Option(names = "--iterations", paramLabel = "N", order = 3,
            description = "Full-batch gradient descent steps.")
    int iterations = 500;

    @Option(names = "--batch-size", paramLabel = "N", order = 4,
            description = "Mini-batch size; 0 means full batch (every step sees every row).")
    int batchSize;

    @Option(names = "--epochs", paramLabel = "N", order = 5,
            description = "Epochs of mini-batch training (with --batch-size); the total when resuming. Default: ${DEFAULT-VALUE}.")
    int epochs = 10;

    @Option(names = {"--learning-rate", "--lr"}, paramLabel = "RATE", order = 6,
            description = "Base learning rate (the notebook's alpha).")
    double learningRate = 1;

    @Option(names = "--every", paramLabel = "N", order = 7,
            description = "Print progress every N iterations (full batch; mini-batches print each epoch).")
    int every = 10;

    @Option(names = "--optimizer", paramLabel = "KIND", order = 8,
            description = "sgd, momentum, nesterov, adam or adamw.")
    String optimizer = "sgd";

    @Option(names = "--momentum", paramLabel = "MU", order = 9,
            description = "Momentum of momentum and nesterov. Default: ${DEFAULT-VALUE}.")
    double momentum = 0.9;

    @Option(names = "--beta1", paramLabel = "B", order = 10, description = "Adam's beta1. Default: ${DEFAULT-VALUE}.")
    double beta1 = 0.9;

    @Option(names = "--beta2", paramLabel = "B", order = 11, description = "Adam's beta2. Default: ${DEFAULT-VALUE}.")
    double beta2 = 0.999;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", order = 12,
            description = "L2 weight decay on weights (not biases); decoupled for adamw.")
    double weightDecay;

    @Option(names = "--schedule", paramLabel = "KIND", order = 13,
            description = "Learning-rate schedule: constant; step (x --step-factor every --step-every epochs); "
                    + "cosine (linear warm-up over --warmup epochs, then cosine to 0).")
    String schedule = "constant";

    @Option(names = "--warmup", paramLabel = "EPOCHS", order = 14,
            description = "Warm-up of the cosine schedule, in epochs (may be fractional). Default: ${DEFAULT-VALUE}.")
    double warmup;

    @Option(names = "--step-every", paramLabel = "EPOCHS", order = 15,
            description = "Step schedule: epochs between decays. Default: ${DEFAULT-VALUE}.")
    double stepEvery = 10;

    @Option(names = "--step-factor", paramLabel = "F", order = 16,
            description = "Step schedule: factor at each decay. Default: ${DEFAULT-VALUE}.")
    double stepFactor = 0.1;

    @Option(names = "--dropout", paramLabel = "P", order = 17,
            description = "Dropout probability after each hidden layer (training only).")
    double dropout;

    @Option(names = "--augment", negatable = true, order = 18,
            description = "Randomly shift, rotate and elastically distort each training image, per batch (--no-augment: off).")
    boolean augment;

    @Option(names = "--augment-for", paramLabel = "F", order = 18,
            description = "Augment only the first share F of the steps (0 < F <= 1); the rest train on the images as they are.")
    double augmentFor = 1;

    @Option(names = "--label-smoothing", paramLabel = "E", order = 18,
            description = "Train towards (1 - E) on each row's label plus E / classes on every class (0 <= E < 1;"
                    + " default: the preset's, 0 except cnn under --max-seconds, 0.1).")
    double labelSmoothing;

    @Option(names = "--patience", paramLabel = "N", order = 19,
            description = "Early stopping: stop after N epochs (full batch: reports) without a better dev accuracy, "
                    + "keeping the best weights; 0: off.")
    int patience;

    @Option(names = "--max-seconds", paramLabel = "S", order = 20,
            description = "Time budget of the whole command, counted from its start (reading, sizing, training, scoring "
                    + "and saving): the schedule of the epochs asked for is squeezed into the training's share of S "
                    + "(warm-up, decay and annealing at the same fractions of the time), and the training ends annealed "
                    + "so that the scoring and saving after it fit, unless the epochs end first; 0: none. A budget run depends "
                    + "on the machine's speed, so it is not reproducible; the split, initial weights, batch order and "
                    + "noise still come from the seed. Default: ${DEFAULT-VALUE}.")
    double maxSeconds;

    @Option(names = "--test", paramLabel = "N", order = 21,
            description = "Rows held out before the dev split, never used for any decision, scored at the end. Default: ${DEFAULT-VALUE}.")
    int test;

    @Option(names = "--resume", paramLabel = "MODEL", order = 22,
            description = "Continue training a saved model with its optimizer state, up to --epochs (or --iterations) in all. "
                    + "Give the same options as the first run: another --seed, --dev, --test, --data or --optimizer is refused.")
    Path resume;

    /** The preset named by --preset (seed when none is). */
    Preset presetChosen() {
        try {
            return preset == null ? Preset.SEED : Preset.parse(preset);
        } catch (InvalidSettingException e) {
            throw new UsageException("--preset " + e.problem());
        }
    }

    /** Refuses options that contradict each other; needs no data, so it runs before any is read. */
    void check() {
        presetChosen();
        if (given("--hidden") && given("--layers")) {
            throw new UsageException("give --hidden (a perceptron) or --layers (any network), not both");
        }
        if (given("--layers") && given("--dropout")) {
            throw new UsageException("--dropout applies to --hidden networks; with --layers put dropout:P items in the list");
        }
    }

    /**
     * The settings of these options for data of {@code data}'s shape and size: the preset's settings (sized
     * from {@code data}) with each option the user gave in place of the preset's value, holding out
     * {@code data}'s dev and test rows, and recording what the preset decided as it reads for them, each value
     * given instead of the preset's followed by its flag ("batch size: 32 (--batch-size)"). With
     * {@code resumed} (the saved model of --resume) the network is that model's. A value out of range is refused
     * by its record, named by its field ({@code OptimizerSettings.momentum}), which {@link SettingFlags} says as
     * the flag.
     */
    Settings settings(PresetData data, long seed, Model resumed) {
        check();
        Preset preset = presetChosen();
        Settings own;
        try {
            own = preset.settings(data, seed, budget());
        } catch (InvalidSettingException e) {
            throw new UsageException("--preset " + this.preset + " " + e.problem());
        }
        boolean userNetwork = given("--hidden") || given("--layers");
        if (!userNetwork && own.network() instanceof NetworkSpec.Layers && given("--dropout")) {
            throw new UsageException("--dropout applies to --hidden networks; --preset " + this.preset
                    + " trains a layer list: give --layers with dropout:P items instead");
        }
        NetworkSpec shape = given("--layers") ? new NetworkSpec.Layers(layerItems())
                : given("--hidden") ? new NetworkSpec.Mlp(hidden, 0) : own.network().withoutDropout();
        if (resumed != null) {
            shape = ResumeCheck.network(resumed, shape, given("--hidden"), given("--layers"));
        }
        NetworkSpec network = shape instanceof NetworkSpec.Mlp mlp
                ? mlp.withDropout(given("--dropout") ? dropout : own.network().dropout()) : shape;
        Init start = given("--init") ? parseInit(init)
                // the notebook's uniform [-0.5, 0.5] suits its 784-10-10 network, not a layer list of the user's
                : given("--layers") && own.preset().used() == Preset.SEED ? Init.HE : own.init();
        OptimizerSettings o = own.optimizer();
        OptimizerSettings optimizer = new OptimizerSettings(
                given("--optimizer") ? OptimizerSettings.Kind.parse(this.optimizer) : o.kind(),
                given("--learning-rate") ? learningRate : o.learningRate(), given("--momentum") ? momentum : o.momentum(),
                given("--beta1") ? beta1 : o.beta1(), given("--beta2") ? beta2 : o.beta2(),
                given("--weight-decay") ? weightDecay : o.weightDecay());
        Steps s = own.steps();
        Steps steps = new Steps(given("--batch-size") ? batchSize : s.batchSize(), given("--epochs") ? epochs : s.epochs(),
                given("--iterations") ? iterations : s.iterations(), given("--every") ? every : s.progressEvery());
        Stopping stopping = new Stopping(given("--patience") ? patience : own.stopping().patience(),
                given("--max-seconds") ? maxSeconds : own.stopping().maxSeconds());
        Settings run = new Settings(network, start, optimizer, schedule(own.schedule()), steps,
                given("--augment") ? augment : own.augment(), stopping, data.heldOut(), seed, null,
                given("--augment-for") ? augmentFor : own.augmentFor(),
                given("--label-smoothing") ? labelSmoothing : own.labelSmoothing());
        return run.withPreset(preset.decisions(data, run, this::flag, budget()));
    }

    /** The time budget the preset is sized for: --max-seconds when given, else none. */
    private double budget() {
        return given("--max-seconds") ? maxSeconds : 0;
    }

    /** The items of --layers; a list that cannot be read is a usage error. */
    private List<LayerSpec> layerItems() {
        try {
            return LayerListSyntax.parse(layers);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--layers: " + e.getMessage());
        }
    }

    /**
     * The flag that set {@code setting} when it differs from the preset's value ({@link SettingFlags}, the one
     * table, for a value of one flag). The network can also come from the resumed model, and --layers sets
     * dropout (its items hold it) and, on the seed preset, He init.
     */
    private String flag(PresetDecisions.Setting setting) {
        return switch (setting) {
            case NETWORK -> given("--hidden") ? "--hidden" : given("--layers") ? "--layers" : "--resume";
            case DROPOUT -> given("--dropout") ? "--dropout" : given("--layers") ? "--layers" : "--resume";
            case INIT -> given("--init") ? "--init" : "--layers";
            case SCHEDULE -> String.join(", ", List.of("--schedule", "--warmup", "--step-every", "--step-factor").stream()
                    .filter(this::given).toList());
            case AUGMENT -> augment ? "--augment" : "--no-augment";
            default -> SettingFlags.flag(setting.field());
        };
    }

    boolean layersGiven() {
        return given("--layers");
    }

    boolean hiddenGiven() {
        return given("--hidden");
    }

    private boolean given(String option) {
        ParseResult user = mixee.commandLine().getParseResult();
        return user != null && user.hasMatchedOption(option);
    }

    /** The schedule of --schedule (the preset's when not given) with its values, the preset's warm-up unless --warmup is given. */
    private Schedule schedule(Schedule own) {
        String name = given("--schedule") ? schedule
                : own instanceof Schedule.Cosine ? "cosine" : own instanceof Schedule.StepDecay ? "step" : "constant";
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "constant" -> new Schedule.Constant();
            case "step" -> new Schedule.StepDecay(stepEvery, stepFactor);
            case "cosine" -> new Schedule.Cosine(!given("--warmup") && own instanceof Schedule.Cosine c ? c.warmupEpochs() : warmup);
            default -> throw new UsageException("--schedule must be constant, step or cosine, got '" + schedule + "'");
        };
    }

    private static Init parseInit(String s) {
        for (Init i : Init.values()) {
            if (i.id().equals(s.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new UsageException("--init must be uniform, he or xavier, got '" + s + "'");
    }
}
