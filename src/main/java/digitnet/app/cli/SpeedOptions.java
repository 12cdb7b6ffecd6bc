package digitnet.app.cli;

import digitnet.tensor.Parallel;
import picocli.CommandLine.Option;

/** How the kernels run: threads and the kernel implementation (a picocli mixin). */
public final class SpeedOptions {
    private static final String KERNELS = "digitnet.kernels";
    private Integer threads;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for the kernels. Default: all cores. "
                    + "The model is the same bit for bit whatever N.")
    void setThreads(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new IllegalArgumentException("--threads must be 1..1024, got " + threads);
        }
        Parallel.setThreads(threads);
        this.threads = threads;
    }

    /** The --threads given, or null for the default. */
    Integer threads() {
        return threads;
    }

    @Option(names = "--kernels", paramLabel = "KIND",
            description = "Kernel implementation: vector (the Vector API) or scalar (plain Java). Default: vector "
                    + "when the jdk.incubator.vector module is present. Same as -D" + KERNELS + "=KIND.")
    void setKernels(String kind) {
        if (!kind.equals("vector") && !kind.equals("scalar")) {
            throw new IllegalArgumentException("--kernels must be vector or scalar, got '" + kind + "'");
        }
        System.setProperty(KERNELS, kind);
    }
}
