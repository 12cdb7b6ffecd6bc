package digitnet.spark;

import java.io.PrintStream;
import java.util.function.ToIntFunction;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * What the three {@code spark-submit} entry points share: picocli parses the options (a usage error is one
 * line and exit 2), the job runs in the SparkSession, and what goes wrong is one line and the CLI's exit
 * code ({@link SparkErrors}). {@code main} owns its session and turns Spark's console log on with
 * {@code --verbose}; tests pass a session of their own to {@code run}.
 */
final class SparkJob {
    private SparkJob() {}

    /** Options every job has. */
    interface Options {
        boolean verbose();
    }

    /** Parses {@code args} into {@code options} and runs {@code job}; returns the exit code. */
    static <O extends Options> int run(String command, O options, String[] args, SparkSession spark,
            ToIntFunction<SparkSession> job, PrintStream err) {
        CommandLine cli = new CommandLine(options);
        try {
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            if (parsed.isUsageHelpRequested()) {
                cli.usage(System.out);
                return 0;
            }
        } catch (ParameterException e) {
            err.println("digitnet-spark " + command + ": " + e.getMessage());
            err.println("Try '--help' for the options.");
            return SparkErrors.USAGE;
        }
        try {
            return job.applyAsInt(spark);
        } catch (Exception e) {     // Spark's exceptions are checked ones thrown unchecked (Scala)
            return SparkErrors.report(e, command, options.verbose(), err);
        }
    }

    /** The entry point of spark-submit: a session of its own, stopped at the end, and the exit code. */
    static <O extends Options> void main(String command, O options, String[] args, ToIntFunction<SparkSession> job) {
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            Configurator.setRootLevel(Level.INFO);     // spark/conf/log4j2.properties turns it off
        }
        SparkSession spark = SparkSession.builder().appName("digitnet " + command)
                .config("spark.ui.showConsoleProgress", "false").getOrCreate();
        int code;
        try {
            code = run(command, options, args, spark, job, System.err);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }
}
