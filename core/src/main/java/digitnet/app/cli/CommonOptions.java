package digitnet.app.cli;

import picocli.CommandLine.Option;

/** Options every command shares (a picocli mixin). */
public final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;
}
