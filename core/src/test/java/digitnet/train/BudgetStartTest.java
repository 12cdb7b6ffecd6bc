package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Where the command line's budget starts: this process's start, read from the operating system. */
class BudgetStartTest {
    /**
     * The process's age is at least the JVM's uptime (the process began before the JVM did), less the 10 ms
     * of a clock tick, and not much more: a misread field of /proc/self/stat would be far off.
     */
    @Test
    void theProcessStartedJustBeforeTheJvmDid() {
        double jvm = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        double age = BudgetStart.processAge();
        double after = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        assertThat(age).as("the process's age against the JVM's uptime, %.3f to %.3f s", jvm, after)
                .isGreaterThanOrEqualTo(jvm - 0.02).isLessThan(after + 2);
        BudgetStart from = BudgetStart.processStart();
        assertThat(System.nanoTime() / 1e9 - from.start()).isGreaterThanOrEqualTo(jvm - 0.02);
    }

    @Test
    void rowsScoredAfterAddUpAndABadStartIsRefused() {
        BudgetStart from = new BudgetStart(5, 100).scoringAlso(20).scoringAlso(3);
        assertThat(from).isEqualTo(new BudgetStart(5, 123));
        assertThatThrownBy(() -> new BudgetStart(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BudgetStart(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
