package digitnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.InvocationInterceptor.Invocation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interceptor in a JUnit run of its own ({@link FakeMinion}): {@link Sample}, run from inside
 * the minion's {@code findTestsForTestClasses} with extension autodetection on (the {@code pit}
 * profile's setting), has all its tests found and none of its methods run; run from elsewhere, or
 * with autodetection off (surefire's), every method runs. What ran is asserted here, outside any
 * body the interceptor could skip.
 */
class PitDiscoveryWithoutRunningTest {
    static final List<String> EVERY_METHOD = List.of("beforeAll", "beforeEach", "test", "afterEach",
            "beforeEach", "template 1", "afterEach", "beforeEach", "template 2", "afterEach", "afterAll");

    /** A test class with every kind of method the interceptor handles; each notes that it ran. */
    static final class Sample {
        static final List<String> RAN = new CopyOnWriteArrayList<>();

        @BeforeAll
        static void beforeAll() {
            RAN.add("beforeAll");
        }

        @BeforeEach
        void beforeEach() {
            RAN.add("beforeEach");
        }

        @Test
        void test() {
            RAN.add("test");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void template(int i) {
            RAN.add("template " + i);
        }

        @AfterEach
        void afterEach() {
            RAN.add("afterEach");
        }

        @AfterAll
        static void afterAll() {
            RAN.add("afterAll");
        }
    }

    @Test
    void whileTheMinionFindsItsTestsEveryTestIsFoundAndNothingRuns() throws Exception {
        Sample.RAN.clear();
        FakeMinion.Counts c = FakeMinion.findingTests(Sample.class, true);
        assertThat(c).isEqualTo(new FakeMinion.Counts(3, 3, 0, 0, 0));   // the test and both invocations of the template
        assertThat(Sample.RAN).isEmpty();
    }

    @Test
    void outsideTheMinionsSearchEveryMethodRuns() throws Exception {
        Sample.RAN.clear();
        FakeMinion.Counts c = FakeMinion.running(Sample.class, true);
        assertThat(c).isEqualTo(new FakeMinion.Counts(3, 3, 0, 0, 0));
        assertThat(Sample.RAN).containsExactlyInAnyOrderElementsOf(EVERY_METHOD);
        assertThat(Sample.RAN.get(0)).isEqualTo("beforeAll");
        assertThat(Sample.RAN.get(EVERY_METHOD.size() - 1)).isEqualTo("afterAll");
    }

    @Test
    void withoutAutodetectionTheInterceptorIsNotThereAndEveryMethodRuns() throws Exception {
        Sample.RAN.clear();
        FakeMinion.Counts c = FakeMinion.findingTests(Sample.class, false);
        assertThat(c).isEqualTo(new FakeMinion.Counts(3, 3, 0, 0, 0));
        assertThat(Sample.RAN).containsExactlyInAnyOrderElementsOf(EVERY_METHOD);
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
