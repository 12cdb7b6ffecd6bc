package digitnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI scripts do not let a test that could not run look green: {@code .ci/install} fails when
 * apt-get does, and {@code .ci/no-skipped} fails when a JUnit report counts a skipped test.
 */
class CiScriptsTest {
    record Run(int code, String output) {}

    static Run bash(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("/bin/bash", script.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** Runs the script with no argument from {@code dir}. */
    static Run bashIn(Path dir, Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    /** A surefire-style report of {@code tests} test cases, the first {@code skipped} of them skipped. */
    static void report(Path dir, String name, int tests, int skipped) throws IOException {
        report(dir, name, tests, skipped, "");
    }

    static void report(Path dir, String name, int tests, int skipped, String output) throws IOException {
        Files.createDirectories(dir);
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < tests; i++) {
            cases.append("  <testcase name=\"t").append(i).append("\" classname=\"").append(name).append("\" time=\"0.1\">\n")
                    .append(i < skipped ? "    <skipped message=\"needs chromium\"/>\n" : "")
                    .append(output.isEmpty() ? "" : "    <system-out><![CDATA[" + output + "]]></system-out>\n")
                    .append("  </testcase>\n");
        }
        Files.writeString(dir.resolve("TEST-" + name + ".xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="%s" time="0.1" tests="%d" errors="0" skipped="%d" failures="0">
                %s</testsuite>
                """.formatted(name, tests, skipped, cases));
    }

    @Test
    void noSkippedFailsWhenAnyReportCountsASkippedTest(@TempDir Path dir) throws Exception {
        report(dir.resolve("surefire-reports"), "digitnet.a.ATest", 3, 0);
        report(dir.resolve("fuzz-reports/regression"), "digitnet.b.BTest", 2, 1);
        Run r = bash(Path.of("../.ci/no-skipped"), Map.of(), dir.resolve("surefire-reports").toString(),
                dir.resolve("fuzz-reports").toString());
        assertThat(r.code()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("1 skipped in", "digitnet.b.BTest.t0", "5 tests in 2 reports, 1 skipped");
    }

    @Test
    void noSkippedPassesWhenEveryTestRan(@TempDir Path dir) throws Exception {
        report(dir, "digitnet.a.ATest", 3, 0);
        report(dir, "digitnet.b.BTest", 2, 0);
        Run r = bash(Path.of("../.ci/no-skipped"), Map.of(), dir.toString());
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("5 tests in 2 reports, 0 skipped");
    }

    /** A test's captured output may print the text of a skipped element; only the XML's elements count. */
    @Test
    void noSkippedCountsElementsNotText(@TempDir Path dir) throws Exception {
        report(dir, "digitnet.a.ATest", 2, 0, "a report line <skipped message=\"x\"/> printed by a test");
        Run r = bash(Path.of("../.ci/no-skipped"), Map.of(), dir.toString());
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("2 tests in 1 reports, 0 skipped");
    }

    /** With no argument it reads every report under target/, failsafe's (the integration tests) included. */
    @Test
    void noSkippedReadsTheFailsafeReportsByDefault(@TempDir Path dir) throws Exception {
        report(dir.resolve("target/surefire-reports"), "digitnet.a.ATest", 3, 0);
        report(dir.resolve("target/failsafe-reports"), "digitnet.LibraryExampleIT", 1, 1);
        Run r = bashIn(dir, Path.of("../.ci/no-skipped").toAbsolutePath());
        assertThat(r.code()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("digitnet.LibraryExampleIT.t0", "4 tests in 2 reports, 1 skipped");
        assertThat(Files.readString(Path.of("../.ci/run"))).as(".ci/run checks every report under each module's target/")
                .containsPattern("\\.ci/no-skipped core/target( \\w+/target)*\\n");
    }

    @Test
    void noSkippedFailsOnAReportThatIsNotXml(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("TEST-broken.xml"), "<testsuite tests=\"1\"><testcase name=\"a\">");
        Run r = bash(Path.of("../.ci/no-skipped"), Map.of(), dir.toString());
        assertThat(r.code()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("TEST-broken.xml");
    }

    @Test
    void noSkippedFailsWithoutReports(@TempDir Path dir) throws Exception {
        assertThat(bash(Path.of("../.ci/no-skipped"), Map.of(), dir.toString()).code()).isNotZero();
    }

    /** A PATH where python3, chattr and fc-list are absent, "id -u" says root and apt-get fails. */
    @Test
    void installFailsWhenAptGetFails(@TempDir Path bin) throws Exception {
        stub(bin, "id", "echo 0");
        stub(bin, "apt-get", "echo \"apt-get $*\" >&2; exit 100");
        for (String tool : List.of("grep", "dirname")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool).toRealPath());
        }
        Run r = bash(Path.of("../.ci/install"), Map.of("PATH", bin.toString()));
        assertThat(r.code()).as(r.output()).isNotZero();
        assertThat(r.output()).contains("python3-numpy", "failed");
    }

    private static void stub(Path bin, String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
