package digitnet.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of this build's (test) class path in a child JVM, to be killed by a test. */
public final class ChildJava {
    private ChildJava() {}

    /** The class path of this JVM; surefire's manifest-only booter jar names the real entries. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null ? cp : System.getProperty("java.class.path");
    }

    /** Starts {@code mainClass} with {@code args}; its stderr goes to {@code stderr}, stdout to a pipe. */
    public static Process start(Path stderr, String mainClass, String... args) throws IOException {
        return startWithHeap(stderr, "512m", mainClass, args);
    }

    /** The same with a heap of {@code maxHeap} (as for -Xmx). */
    public static Process startWithHeap(Path stderr, String maxHeap, String mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
                "-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
    }

    /** Sends SIGKILL (kill -9) and waits for the process to be gone. */
    public static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor();
    }
}
