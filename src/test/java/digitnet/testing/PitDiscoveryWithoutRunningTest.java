package digitnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;

@ExtendWith(PitDiscoveryWithoutRunning.class)
class PitDiscoveryWithoutRunningTest {

    private boolean beforeEachRan;

    @BeforeEach
    void markBeforeEach() {
        beforeEachRan = true;
    }

    @Test
    void outsideTheMinionsSearchEverythingRuns() {
        // this body runs only because the interceptor proceeded; so did the @BeforeEach
        assertThat(beforeEachRan).isTrue();
    }

    @Test
    void onlyTheMutationMinionFindingItsTestsCounts() {
        String[] finding = {PitDiscoveryWithoutRunning.MINION, PitDiscoveryWithoutRunning.FINDING_TESTS};
        String[] running = {PitDiscoveryWithoutRunning.MINION, "run"};
        String[] coverage = {"org.pitest.coverage.execute.CoverageMinion", PitDiscoveryWithoutRunning.FINDING_TESTS};
        String[] test = {getClass().getName(), "onlyTheMutationMinionFindingItsTestsCounts"};

        assertThat(PitDiscoveryWithoutRunning.findingTests(Stream.of(test, finding, running))).isTrue();
        assertThat(PitDiscoveryWithoutRunning.findingTests(Stream.of(test, running))).isFalse();
        assertThat(PitDiscoveryWithoutRunning.findingTests(Stream.of(test, coverage))).isFalse();
        assertThat(PitDiscoveryWithoutRunning.findingTests(Stream.<String[]>of(test))).isFalse();
    }

    @Test
    void whileFindingTestsTheBodyIsSkippedOtherwiseItRuns() throws Throwable {
        Recording skipped = new Recording();
        PitDiscoveryWithoutRunning.proceedOrSkip(skipped, true);
        assertThat(skipped.calls).containsExactly("skip");

        Recording ran = new Recording();
        assertThat(PitDiscoveryWithoutRunning.proceedOrSkip(ran, false)).isEqualTo("result");
        assertThat(ran.calls).containsExactly("proceed");
    }

    private static final class Recording implements Invocation<String> {
        final List<String> calls = new ArrayList<>();

        @Override
        public String proceed() {
            calls.add("proceed");
            return "result";
        }

        @Override
        public void skip() {
            calls.add("skip");
        }
    }
}
