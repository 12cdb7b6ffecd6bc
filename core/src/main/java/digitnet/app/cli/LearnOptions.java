package digitnet.app.cli;

import digitnet.api.NetworkSpec;
import digitnet.api.Settings;
import digitnet.data.InvalidSettingException;
import digitnet.nn.Init;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.LayerSpec;
import digitnet.train.OptimizerConfig;
import digitnet.train.Preset;
import digitnet.train.PresetChoice;
import digitnet.train.PresetData;
import digitnet.train.Schedule;
import digitnet.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * How to learn: network shape, optimizer, schedule, regularisation, stopping, presets (a picocli
 * mixin of {@code train}). A preset is the library's {@link Preset}, sized from the data; every
 * option the user did not give is filled from the configuration it chooses ({@link #resolve}).
 */
public final class LearnOptions {
    // what --help says each preset sets and how it adapts
    static final String PRESETS = "Bundled settings sized from the data; explicit options override them. Default: seed.";
    static final String SEED = "seed: --hidden 10 --init uniform --batch-size 0 --iterations 500 --learning-rate 1 --every 10"
            + " --optimizer sgd --weight-decay 0 --schedule constant --dropout 0 --no-augment --patience 0 (the notebook, exactly).";
    static final String MLP = "mlp: --hidden 512,256 --dropout 0.1 --init he --optimizer adamw --weight-decay 0.05 --schedule cosine;"
                + " steps = training rows / 2 within [" + Preset.MIN_STEPS + ", " + Preset.MAX_STEPS + "], in whole epochs; batch size the power of two nearest"
                + " rows / 64 within [32, 128], learning rate 0.002 x sqrt(batch / 128); augmentation scaled to the image,"
                + " off when a side is under " + Preset.MIN_AUGMENT_SIDE + " pixels; with dev rows, --patience of half the epochs (at least 10),"
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

    /** The preset's layer list when the user gave no network (filled by {@link #resolve}). */
    private List<LayerSpec> presetLayers = List.of();

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

    @Option(names = "--patience", paramLabel = "N", order = 19,
            description = "Early stopping: stop after N epochs (full batch: reports) without a better dev accuracy, "
                    + "keeping the best weights; 0: off.")
    int patience;

    @Option(names = "--max-seconds", paramLabel = "S", order = 20,
            description = "Time budget the learning-rate schedule is fitted to: the schedule of the epochs asked for is "
                    + "squeezed into S seconds (warm-up, decay and annealing at the same fractions of the time), and the "
                    + "run ends annealed, within a batch of S, unless the epochs end first; 0: none. A budget run depends "
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
     * Fills every option the user did not give from what the preset chooses for {@code data}, and
     * returns that choice (what was decided and why).
     */
    PresetChoice resolve(PresetData data, long seed) {
        check();
        PresetChoice choice;
        try {
            choice = presetChosen().choose(data, seed);
        } catch (InvalidSettingException e) {
            throw new UsageException("--preset " + preset + " " + e.problem());
        }
        TrainConfig c = choice.config();
        boolean userNetwork = given("--hidden") || given("--layers");
        if (!userNetwork) {
            hidden = c.hidden();
            presetLayers = c.layers();
        }
        if (!presetLayers.isEmpty() && given("--dropout")) {
            throw new UsageException("--dropout applies to --hidden networks; --preset " + preset
                    + " trains a layer list: give --layers with dropout:P items instead");
        }
        fill("--init", () -> init = c.init().id());
        if (given("--layers") && !given("--init") && choice.used() == Preset.SEED) {
            init = "he";   // the notebook's uniform [-0.5, 0.5] suits its 784-10-10 network, not a layer list of the user's
        }
        fill("--iterations", () -> iterations = c.iterations());
        fill("--batch-size", () -> batchSize = c.batchSize());
        fill("--epochs", () -> epochs = c.epochs());
        fill("--learning-rate", () -> learningRate = c.learningRate());
        fill("--every", () -> every = c.every());
        fill("--optimizer", () -> optimizer = c.optimizer().kind().id());
        fill("--momentum", () -> momentum = c.optimizer().momentum());
        fill("--beta1", () -> beta1 = c.optimizer().beta1());
        fill("--beta2", () -> beta2 = c.optimizer().beta2());
        fill("--weight-decay", () -> weightDecay = c.optimizer().weightDecay());
        fill("--schedule", () -> schedule = scheduleName(c.schedule()));
        if (c.schedule() instanceof Schedule.Cosine cos) {
            fill("--warmup", () -> warmup = cos.warmupEpochs());
        }
        fill("--dropout", () -> dropout = c.dropout());
        fill("--augment", () -> augment = c.augment() != null);
        fill("--patience", () -> patience = c.patience());
        return choice;
    }

    /** The items of --layers, or the preset's list, or an empty list for a --hidden network; a list that cannot be read is a usage error. */
    List<LayerSpec> layerItems() {
        if (layers == null) {
            return presetLayers;
        }
        try {
            return LayerListSyntax.parse(layers);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--layers: " + e.getMessage());
        }
    }

    /** The training configuration for images of {@code height} x {@code width}; call {@link #resolve} first. */
    TrainConfig config(long seed, List<Integer> hiddenSizes, List<LayerSpec> items, int height, int width) {
        OptimizerConfig opt = new OptimizerConfig(OptimizerConfig.Kind.parse(optimizer), momentum, beta1, beta2, weightDecay);
        TrainConfig c = new TrainConfig(hiddenSizes == null ? List.of() : hiddenSizes, parseInit(init), iterations, epochs,
                batchSize, learningRate, every, seed, opt, parseSchedule(), items.isEmpty() ? dropout : 0,
                augment ? Preset.augmentation(height, width) : null, patience, maxSeconds);
        return items.isEmpty() ? c : c.withLayers(items);
    }

    /**
     * The library's settings for these options, holding out {@code dev} and --test rows, recording what
     * the preset decided ({@code choice}) as it reads for the values that train, each value given instead
     * of the preset's followed by its flag ("batch size: 32 (--batch-size)"), and the steps they plan;
     * call {@link #resolve} first. A value out of range is refused by the library, named by its field
     * ({@code Settings.momentum}), which {@link SettingFlags} says as the flag. The step and warm-up
     * values reach the settings only with their schedule, as they reach {@link #config}.
     */
    Settings settings(long seed, List<Integer> hiddenSizes, List<LayerSpec> items, int dev, PresetChoice choice) {
        Settings.Optimizer kind = Settings.Optimizer.valueOf(OptimizerConfig.Kind.parse(optimizer).name());
        Settings.Initialisation start = Settings.Initialisation.valueOf(parseInit(init).name());
        Schedule parsed = parseSchedule();
        TrainConfig run = config(seed, hiddenSizes, items, choice.data().height(), choice.data().width());
        Settings.Schedule rate = parsed instanceof Schedule.Cosine ? Settings.Schedule.COSINE
                : parsed instanceof Schedule.StepDecay ? Settings.Schedule.STEP : Settings.Schedule.CONSTANT;
        boolean step = rate == Settings.Schedule.STEP;
        List<Integer> sizes = hiddenSizes == null ? List.of() : hiddenSizes;
        NetworkSpec network = items.isEmpty() ? NetworkSpec.mlp(sizes.stream().mapToInt(Integer::intValue).toArray())
                : NetworkSpec.layers(items.toArray(LayerSpec[]::new));
        return new Settings(network, start, kind, learningRate, momentum, beta1, beta2, weightDecay, rate,
                rate == Settings.Schedule.COSINE ? warmup : 0, step ? stepEvery : 10, step ? stepFactor : 0.1, batchSize,
                epochs, iterations, every, items.isEmpty() ? dropout : 0, augment, patience, maxSeconds, dev, test, seed,
                choice.asked().id(), choice.used().id(), choice.plannedSteps(run), choice.decisions(run, this::flag));
    }

    /**
     * The flag that set {@code setting} when it differs from the preset's value. The network can also come
     * from the resumed model, and --layers sets dropout (its items hold it) and, on the seed preset, He init.
     */
    private String flag(PresetChoice.Setting setting) {
        return switch (setting) {
            case NETWORK -> given("--hidden") ? "--hidden" : given("--layers") ? "--layers" : "--resume";
            case DROPOUT -> given("--dropout") ? "--dropout" : given("--layers") ? "--layers" : "--resume";
            case INIT -> given("--init") ? "--init" : "--layers";
            case BATCH_SIZE -> "--batch-size";
            case EPOCHS -> "--epochs";
            case ITERATIONS -> "--iterations";
            case LEARNING_RATE -> "--learning-rate";
            case OPTIMIZER -> "--optimizer";
            case MOMENTUM -> "--momentum";
            case BETA1 -> "--beta1";
            case BETA2 -> "--beta2";
            case WEIGHT_DECAY -> "--weight-decay";
            case SCHEDULE -> String.join(", ", List.of("--schedule", "--warmup", "--step-every", "--step-factor").stream()
                    .filter(this::given).toList());
            case AUGMENT -> augment ? "--augment" : "--no-augment";
            case PATIENCE -> "--patience";
            case MAX_SECONDS -> "--max-seconds";
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

    private void fill(String option, Runnable set) {
        if (!given(option)) {
            set.run();
        }
    }

    private static String scheduleName(Schedule s) {
        return s instanceof Schedule.Cosine ? "cosine" : s instanceof Schedule.StepDecay ? "step" : "constant";
    }

    private Schedule parseSchedule() {
        return switch (schedule.toLowerCase(Locale.ROOT)) {
            case "constant" -> new Schedule.Constant();
            case "step" -> new Schedule.StepDecay(stepEvery, stepFactor);
            case "cosine" -> new Schedule.Cosine(warmup);
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
