package digitnet.app.cli;

import digitnet.tensor.KernelChoice;
import digitnet.tensor.Parallel;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * How the kernels run: threads and the kernel implementation (a picocli mixin). Parsing only
 * records the values; {@link #applyTo} applies them once, after parsing, before the command runs.
 */
public final class SpeedOptions {
    private Integer threads;
    private String kernels;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    // a ParameterException from a setter is picocli's usage error (exit 2) with this message
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the kernels. Default: all cores. "
                    + "The model is the same bit for bit whatever N.")
    void setThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new ParameterException(mixee.commandLine(), "--threads must be 1..1024, got " + threads);
        }
        this.threads = threads;
    }

    /** The --threads given, or null for the default. */
    Integer threads() {
        return threads;
    }

    @Option(names = "--kernels", paramLabel = "KIND",
            description = "Kernel implementation: vector (the Vector API) or scalar (plain Java). Default: vector "
                    + "when the jdk.incubator.vector module is present. Same as -Ddigitnet.kernels=KIND.")
    void setKernels(String kind) {
        if (!kind.equals("vector") && !kind.equals("scalar")) {
            throw new ParameterException(mixee.commandLine(), "--kernels must be vector or scalar, got '" + kind + "'");
        }
        this.kernels = kind;
    }

    /** Sizes the kernel pool and chooses the kernels as asked; a choice that cannot be made is a usage error. */
    void apply(CommandLine command) {
        if (kernels != null) {
            try {
                KernelChoice.use(kernels);
            } catch (IllegalStateException e) {
                throw new ParameterException(command, "--kernels " + kernels + ": " + e.getMessage());
            }
        }
        if (threads != null) {
            Parallel.setThreads(threads);
        }
    }

    /** Applies the speed options of the command that {@code parse} runs, if it has any. */
    static void applyTo(ParseResult parse) {
        ParseResult last = parse;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        for (CommandSpec mixin : last.commandSpec().mixins().values()) {
            if (mixin.userObject() instanceof SpeedOptions speed) {
                speed.apply(last.commandSpec().commandLine());
            }
        }
    }
}
