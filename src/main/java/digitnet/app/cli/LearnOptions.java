package digitnet.app.cli;

import digitnet.data.Augmenter;
import digitnet.nn.Init;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.LayerSpec;
import digitnet.train.OptimizerConfig;
import digitnet.train.Schedule;
import digitnet.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * How to learn: network shape, optimizer, schedule, regularisation, stopping, presets (a picocli
 * mixin of {@code train}). A preset is a list of these options; options given explicitly win
 * over the preset's ({@link #resolve}).
 */
public final class LearnOptions {
    /** The notebook, exactly. The default when no --preset is given. */
    static final String SEED = "--hidden 10 --init uniform --batch-size 0 --iterations 500 --learning-rate 1 --every 10"
            + " --optimizer sgd --weight-decay 0 --schedule constant --dropout 0 --no-augment --patience 0";
    /** The best held-out accuracy in about a minute on 2 cores; nothing in it is specific to digits. */
    static final String ACCURATE = "--hidden 512,256 --init he --batch-size 128 --epochs 15 --learning-rate 0.002"
            + " --optimizer adamw --weight-decay 0.05 --schedule cosine --warmup 1 --dropout 0.1 --augment --patience 0";

    /**
     * A small convnet for small grey images (docs/cnn.md): three 3x3 convolution blocks (16, 32, 64
     * channels, batch norm, ReLU, 2x2 max pooling), a 128-unit layer between dropouts; AdamW with a
     * cosine schedule on augmented images. Nothing in it is specific to digits; its last layer takes
     * the data's class count, and it needs images of at least 8x8.
     */
    static final String CNN = "--layers conv:16:3:1:1,batchnorm,relu,maxpool:2,conv:32:3:1:1,batchnorm,relu,maxpool:2,"
            + "conv:64:3:1:1,batchnorm,relu,maxpool:2,flatten,dropout:0.1,linear:128,relu,dropout:0.1,linear:10"
            + " --init he --batch-size 64 --epochs 30 --learning-rate 0.003 --optimizer adamw --weight-decay 0.05"
            + " --schedule cosine --warmup 1 --augment --patience 0";

    @Spec(Spec.Target.MIXEE) CommandSpec mixee;

    @Option(names = "--preset", paramLabel = "NAME", order = 0,
            description = {"Bundled settings; explicit options override them. Default: seed.",
                "seed: " + SEED, "accurate: " + ACCURATE, "cnn: " + CNN})
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

    /** A command that holds nothing but these options, to parse a preset's option list. */
    @Command(name = "preset")
    static final class PresetHolder {
        @Mixin LearnOptions options;
    }

    /** The option list a preset name stands for. */
    static String presetArgs(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "seed" -> SEED;
            case "accurate" -> ACCURATE;
            case "cnn" -> CNN;
            default -> throw new UsageException("--preset must be seed, accurate or cnn, got '" + name + "'");
        };
    }

    /** Fills every option the user did not give from the preset (seed when none is named). */
    void resolve() {
        ParseResult user = mixee.commandLine().getParseResult();
        CommandLine presetLine = new CommandLine(new PresetHolder());
        ParseResult parsed = presetLine.parseArgs(presetArgs(preset == null ? "seed" : preset).split(" "));
        boolean userNetwork = user != null && (user.hasMatchedOption("--hidden") || user.hasMatchedOption("--layers"));
        for (OptionSpec o : parsed.matchedOptions()) {
            boolean network = o.longestName().equals("--hidden") || o.longestName().equals("--layers");
            if (user == null || !user.hasMatchedOption(o.longestName()) && !(network && userNetwork)) {
                mixee.findOption(o.longestName()).setValue(o.getValue());
            }
        }
        if (user != null && user.hasMatchedOption("--hidden") && user.hasMatchedOption("--layers")) {
            throw new UsageException("give --hidden (a perceptron) or --layers (any network), not both");
        }
        if (layers != null && user != null && user.hasMatchedOption("--layers") && !user.hasMatchedOption("--init")
                && (preset == null || preset.equals("seed"))) {
            init = "he";   // the notebook's uniform [-0.5, 0.5] suits its 784-10-10 network, not a layer list of the user's
        }
        if (layers != null && user != null && user.hasMatchedOption("--dropout")) {
            throw new UsageException("--dropout applies to --hidden networks; with --layers put dropout:P items in the list");
        }
    }

    /** The items of --layers, or an empty list for a --hidden network; a list that cannot be read is a usage error. */
    List<LayerSpec> layerItems() {
        if (layers == null) {
            return List.of();
        }
        try {
            return LayerListSyntax.parse(layers);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--layers: " + e.getMessage());
        }
    }

    /** The training configuration; call {@link #resolve} first. */
    TrainConfig config(long seed, List<Integer> hiddenSizes, List<LayerSpec> items) {
        OptimizerConfig opt = new OptimizerConfig(OptimizerConfig.Kind.parse(optimizer), momentum, beta1, beta2, weightDecay);
        TrainConfig c = new TrainConfig(hiddenSizes == null ? List.of() : hiddenSizes, parseInit(init), iterations, epochs, batchSize, learningRate, every,
                seed, opt, parseSchedule(), items.isEmpty() ? dropout : 0, augment ? Augmenter.Settings.standard() : null,
                patience, maxSeconds);
        return items.isEmpty() ? c : c.withLayers(items);
    }

    boolean layersGiven() {
        ParseResult user = mixee.commandLine().getParseResult();
        return user != null && user.hasMatchedOption("--layers");
    }

    boolean hiddenGiven() {
        ParseResult user = mixee.commandLine().getParseResult();
        return user != null && user.hasMatchedOption("--hidden");
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
