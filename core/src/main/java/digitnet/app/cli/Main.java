package digitnet.app.cli;

import digitnet.train.BudgetStart;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code digitnet} command: one subcommand per verb. */
@Command(name = "digitnet", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A neural network written from scratch in Java that learns to read handwritten digits.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order help lists them. picocli builds each command's model by
     * reflection over its options when it is added, so a run builds only the one it names
     * (measured: docs/performance.md, "Around the loop"); help and errors see them all.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("train", TrainCommand::new);
        SUBCOMMANDS.put("evaluate", EvaluateCommand::new);
        SUBCOMMANDS.put("predict", PredictCommand::new);
        SUBCOMMANDS.put("show", ShowCommand::new);
        SUBCOMMANDS.put("report", ReportCommand::new);
        SUBCOMMANDS.put("serve", ServeCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("download", DownloadCommand::new);
        SUBCOMMANDS.put("export", ExportCommand::new);
    }

    /** Whether the command is this process's own ({@link #main}), so that its time counts from the process's start. */
    private static volatile boolean ownProcess;

    public static void main(String[] args) {
        ownProcess = true;
        System.exit(run(args));
    }

    /**
     * When the command began, for {@code --max-seconds}: the process's start when it runs as the process's own
     * command ({@code java -jar}, the launcher), else now (a command run inside another program, a test).
     */
    static BudgetStart commandStart() {
        return ownProcess ? BudgetStart.processStart() : BudgetStart.now();
    }

    /** Runs the command line and returns its exit code (used by tests without exiting the JVM). */
    public static int run(String... args) {
        return commandLine(args.length > 0 ? args[0] : null).execute(args);
    }

    /** The command line with every subcommand. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The command line with only subcommand {@code verb} when that names one, else with all of them. */
    static CommandLine commandLine(String verb) {
        CommandLine cmd = new CommandLine(new Main());
        Supplier<Object> only = verb == null ? null : SUBCOMMANDS.get(verb);
        if (only != null) {
            cmd.addSubcommand(verb, only.get());
        } else {
            SUBCOMMANDS.forEach((name, make) -> cmd.addSubcommand(name, make.get()));
            cmd.addSubcommand("help", new CommandLine.HelpCommand());
        }
        Errors errors = new Errors();
        return cmd
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
