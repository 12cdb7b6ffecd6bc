package digitnet.testing;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A stand-in for PIT's mutation minion, so that a test can run a JUnit class the way the minion
 * does when it finds its tests: from inside a method {@code findTestsForTestClasses} of a class
 * named {@code org.pitest.mutationtest.execute.MutationTestMinion}, the frame that
 * {@link PitDiscoveryWithoutRunning} looks for. The class is compiled when first needed (its name
 * must be PIT's, and PIT is not on the test class path; JUnit's launcher is, at run time only) and
 * loaded by a loader of its own in front of the test class loader, so it never meets PIT's own.
 */
final class FakeMinion {
    private static final String SOURCE = """
            package org.pitest.mutationtest.execute;

            import org.junit.platform.engine.discovery.DiscoverySelectors;
            import org.junit.platform.launcher.EngineFilter;
            import org.junit.platform.launcher.core.LauncherConfig;
            import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
            import org.junit.platform.launcher.core.LauncherFactory;
            import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
            import org.junit.platform.launcher.listeners.TestExecutionSummary;

            public final class MutationTestMinion {
                /** As the minion finding its tests: testClass run from inside this frame. */
                public static long[] findTestsForTestClasses(Class<?> testClass, boolean autodetection) {
                    return run(testClass, autodetection);
                }

                /** found, succeeded, failed, aborted, skipped. */
                public static long[] run(Class<?> testClass, boolean autodetection) {
                    var request = LauncherDiscoveryRequestBuilder.request()
                            .selectors(DiscoverySelectors.selectClass(testClass))
                            .filters(EngineFilter.includeEngines("junit-jupiter"))
                            .configurationParameter("junit.jupiter.extensions.autodetection.enabled",
                                    String.valueOf(autodetection))
                            .build();
                    SummaryGeneratingListener listener = new SummaryGeneratingListener();
                    // the engines alone: nothing else on the class path that registers itself with the launcher
                    // (listeners, filters, sessions) takes part in this inner run
                    LauncherConfig alone = LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                            .enableLauncherSessionListenerAutoRegistration(false)
                            .enableLauncherDiscoveryListenerAutoRegistration(false)
                            .enablePostDiscoveryFilterAutoRegistration(false).build();
                    LauncherFactory.create(alone).execute(request, listener);
                    TestExecutionSummary s = listener.getSummary();
                    return new long[] {s.getTestsFoundCount(), s.getTestsSucceededCount(), s.getTestsFailedCount(),
                            s.getTestsAbortedCount(), s.getTestsSkippedCount()};
                }
            }
            """;
    static final String NAME = PitDiscoveryWithoutRunning.MINION;

    private static Class<?> minion;

    private FakeMinion() {}

    /** What JUnit counted, as {@code long[] {found, succeeded, failed, aborted, skipped}}. */
    record Counts(long found, long succeeded, long failed, long aborted, long skipped) {
        static Counts of(Object counts) {
            long[] c = (long[]) counts;
            return new Counts(c[0], c[1], c[2], c[3], c[4]);
        }
    }

    /** Runs {@code testClass} from inside {@code findTestsForTestClasses}, as the minion finding its tests. */
    static Counts findingTests(Class<?> testClass, boolean autodetection) throws Exception {
        return call(PitDiscoveryWithoutRunning.FINDING_TESTS, testClass, autodetection);
    }

    /** Runs {@code testClass} from another method of the same class: not finding tests. */
    static Counts running(Class<?> testClass, boolean autodetection) throws Exception {
        return call("run", testClass, autodetection);
    }

    private static Counts call(String method, Class<?> testClass, boolean autodetection) throws Exception {
        try {
            return Counts.of(minion().getMethod(method, Class.class, boolean.class).invoke(null, testClass, autodetection));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static synchronized Class<?> minion() throws IOException, ClassNotFoundException {
        if (minion == null) {
            byte[] bytes = compile();
            minion = new ClassLoader(FakeMinion.class.getClassLoader()) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    if (!name.equals(NAME)) {
                        return super.loadClass(name, resolve);
                    }
                    synchronized (getClassLoadingLock(name)) {
                        Class<?> c = findLoadedClass(name);
                        return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                    }
                }
            }.loadClass(NAME, true);
        }
        return minion;
    }

    private static byte[] compile() throws IOException {
        Path dir = Files.createTempDirectory("fake-minion");
        try {
            Path source = dir.resolve("MutationTestMinion.java");
            Files.writeString(source, SOURCE);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            int code = javac.run(null, null, null, "-proc:none", "-classpath", ChildJava.classPath(), "-d", dir.toString(),
                    source.toString());
            if (code != 0) {
                throw new IllegalStateException("javac could not compile the stand-in minion (exit " + code + ")");
            }
            return Files.readAllBytes(dir.resolve(NAME.replace('.', '/') + ".class"));
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
