package digitnet.testing;

import java.lang.reflect.Method;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Lets a PIT mutation minion find the tests without running them first.
 *
 * <p>pitest-junit5-plugin finds the tests of a class by executing the class: a test template only
 * knows its invocations once it runs. The coverage minion needs that run, it records the coverage
 * while doing it. A mutation minion repeats it at its start for every test class that covers its
 * class under test, before any mutant is in place, and again after every mutant that timed out: a
 * run of the unmutated suite whose results nobody reads (for the kernels, most of the suite, per
 * minion). During that one call, {@code MutationTestMinion.findTestsForTestClasses}, this
 * interceptor skips the test bodies and their before/after methods. The tests are still found,
 * every invocation of every template with them, and each runs in full when a mutant needs it.
 *
 * <p>Registered through {@code META-INF/services} and active only where JUnit's extension
 * autodetection is on: the {@code pit} profile turns it on for its minions; surefire never does.
 */
public final class PitDiscoveryWithoutRunning implements InvocationInterceptor {

    static final String MINION = "org.pitest.mutationtest.execute.MutationTestMinion";
    static final String FINDING_TESTS = "findTestsForTestClasses";

    /** True when one of the frames (class name, method name) is the mutation minion finding its tests. */
    static boolean findingTests(Stream<String[]> frames) {
        return frames.anyMatch(f -> f[0].equals(MINION) && f[1].equals(FINDING_TESTS));
    }

    private static boolean findingTestsNow() {
        return StackWalker.getInstance().walk(frames ->
                findingTests(frames.map(f -> new String[] {f.getClassName(), f.getMethodName()})));
    }

    /** Skips the invocation while the minion is finding its tests, runs it otherwise. */
    static <T> T proceedOrSkip(Invocation<T> invocation, boolean findingTests) throws Throwable {
        if (findingTests) {
            invocation.skip();
            return null;
        }
        return invocation.proceed();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> context, ExtensionContext extension) throws Throwable {
        proceedOrSkip(invocation, findingTestsNow());
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> context, ExtensionContext extension) throws Throwable {
        proceedOrSkip(invocation, findingTestsNow());
    }

    @Override
    public void interceptBeforeAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> context, ExtensionContext extension) throws Throwable {
        proceedOrSkip(invocation, findingTestsNow());
    }

    @Override
    public void interceptBeforeEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> context, ExtensionContext extension) throws Throwable {
        proceedOrSkip(invocation, findingTestsNow());
    }

    @Override
    public void interceptAfterEachMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> context, ExtensionContext extension) throws Throwable {
        proceedOrSkip(invocation, findingTestsNow());
    }

    @Override
    public void interceptAfterAllMethod(Invocation<Void> invocation,
            ReflectiveInvocationContext<Method> context, ExtensionContext extension) throws Throwable {
        proceedOrSkip(invocation, findingTestsNow());
    }
}
