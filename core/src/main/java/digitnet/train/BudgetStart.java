package digitnet.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a time budget ({@link Stopping#maxSeconds}) starts counting, and what it leaves room for after the
 * training loop: the budget is the whole run as its user feels it, not the loop alone. The loop ends when
 * the time since {@code start}, plus the predicted time to score {@code rowsScoredAfter} rows and save,
 * reaches the budget ({@link Budget}).
 *
 * @param start           the clock ({@code System.nanoTime() / 1e9}, or a test's clock) when the budget began
 * @param rowsScoredAfter the rows scored once the loop has ended (the training, dev and test rows, a test file)
 */
public record BudgetStart(double start, long rowsScoredAfter) {

    public BudgetStart {
        if (!Double.isFinite(start) || rowsScoredAfter < 0) {
            throw new IllegalArgumentException("start must be finite and rowsScoredAfter >= 0, got " + start + ", "
                    + rowsScoredAfter);
        }
    }

    /** The budget starts now. */
    public static BudgetStart now() {
        return new BudgetStart(System.nanoTime() / 1e9, 0);
    }

    /**
     * The budget started when this process did (the command line's: {@code --max-seconds} is the whole command,
     * the JVM's start, reading and sizing included). On Linux the process's age is its start in clock ticks
     * against the time since boot ({@code /proc/self/stat}, {@code /proc/uptime}; Linux's user clock ticks 100
     * times a second), which includes the JVM's own start; elsewhere it is the JVM's uptime.
     */
    public static BudgetStart processStart() {
        double now = System.nanoTime() / 1e9;
        return new BudgetStart(now - processAge(), 0);
    }

    /** Seconds since this process started; 0 when not known. */
    static double processAge() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");   // from field 3, the state
            double started = Double.parseDouble(fields[19]) / 100;                      // field 22, starttime
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            if (uptime >= started && uptime - started < 3600) {   // called as the command starts: an hour is a misreading
                return uptime - started;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a /proc this code does not know: the JVM's uptime below
        }
        try {
            return Math.max(0, ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** The same start, with {@code rows} more scored after the loop. */
    public BudgetStart scoringAlso(long rows) {
        return new BudgetStart(start, rowsScoredAfter + rows);
    }
}
