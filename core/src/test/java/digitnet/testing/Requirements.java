package digitnet.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The one place a test says it needs something outside the JVM (a program, a Python package, a
 * file-system feature). When it is missing, a test run on a developer's machine skips the test
 * (JUnit reports it as skipped, with the reason); in CI (environment variable {@code CI=true}) the
 * test fails instead, so that a test that could not run never looks green. {@code .ci/run}
 * installs everything named here.
 */
public final class Requirements {
    private Requirements() {}

    /**
     * Stops the calling test unless {@code present}: skipped locally, failed in CI.
     *
     * @param what the missing thing, e.g. "chromium (/usr/bin/chromium)"
     * @param install how to get it, e.g. "apt-get install chromium chromium-driver"
     */
    public static void require(boolean present, String what, String install) {
        check(inCi(), present, what, install);
    }

    /** True when the environment says this is a CI run ({@code CI=true}, as GitHub Actions and GitLab set it). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static void check(boolean ci, boolean present, String what, String install) {
        if (present) {
            return;
        }
        String missing = what + " is missing; to run this test: " + install;
        if (ci) {
            fail("CI=true and " + missing + " (.ci/run installs it; a test that cannot run in CI fails)");
        }
        abort(missing + " (skipped; with CI=true this fails)");
    }
}
