package digitnet.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code digitnet} command: one subcommand per verb. */
@Command(name = "digitnet", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A neural network written from scratch in Java that learns to read handwritten digits.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ShowCommand.class,
                ReportCommand.class, ServeCommand.class, BenchCommand.class, DownloadCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests without exiting the JVM). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        Errors errors = new Errors();
        return new CommandLine(new Main())
                .setExecutionStrategy(parse -> {
                    SpeedOptions.applyTo(parse);          // after parsing, once, before the command runs
                    return new CommandLine.RunLast().execute(parse);
                })
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"digitnet " + (v == null ? "(development build)" : v)};
        }
    }
}
