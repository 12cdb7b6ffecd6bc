package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void constantIsOneThroughout() {
        Schedule s = new Schedule.Constant();
        assertThat(s.factor(0, 10, 100)).isEqualTo(1);
        assertThat(s.factor(99, 10, 100)).isEqualTo(1);
    }

    @Test
    void stepDecayMultipliesEveryNEpochs() {
        Schedule s = new Schedule.StepDecay(2, 0.5);   // 10 steps per epoch: decays after steps 20, 40
        assertThat(s.factor(0, 10, 100)).isEqualTo(1);
        assertThat(s.factor(19, 10, 100)).isEqualTo(1);
        assertThat(s.factor(20, 10, 100)).isEqualTo(0.5);
        assertThat(s.factor(45, 10, 100)).isEqualTo(0.25);
    }

    @Test
    void cosineWarmsUpLinearlyThenFallsToZero() {
        Schedule s = new Schedule.Cosine(1);            // 4 steps per epoch, 20 steps: warm-up steps 0..3
        assertThat(s.factor(0, 4, 20)).isEqualTo(0.25);
        assertThat(s.factor(1, 4, 20)).isEqualTo(0.5);
        assertThat(s.factor(3, 4, 20)).isEqualTo(1.0);
        assertThat(s.factor(4, 4, 20)).isEqualTo(1.0);  // cos(0)
        // halfway through the 16 decay steps: 0.5 (1 + cos(pi / 2)) = 0.5
        assertThat(s.factor(12, 4, 20)).isCloseTo(0.5, within(1e-12));
        // last step: 0.5 (1 + cos(pi * 15 / 16))
        assertThat(s.factor(19, 4, 20)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 15 / 16)), within(1e-12));
    }

    @Test
    void cosineWithoutWarmupStartsAtOne() {
        assertThat(new Schedule.Cosine(0).factor(0, 5, 50)).isEqualTo(1.0);
    }

    @Test
    void badParametersAreRejected() {
        // the library names its own fields (the CLI's SettingFlags turns them into flags)
        assertThatThrownBy(() -> new Schedule.StepDecay(0, 0.5)).hasMessageStartingWith("Schedule.StepDecay.everyEpochs");
        assertThatThrownBy(() -> new Schedule.StepDecay(1, 1.5)).hasMessageStartingWith("Schedule.StepDecay.factor");
        assertThatThrownBy(() -> new Schedule.Cosine(-1)).hasMessageStartingWith("Schedule.Cosine.warmupEpochs");
    }
}
