package digitnet.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing tool skips a test on a developer's machine and fails it in CI. */
class RequirementsTest {

    @Test
    void aMissingToolFailsInCiAndNamesWhatToInstall() {
        assertThatThrownBy(() -> Requirements.check(true, false, "chromium", "apt-get install chromium"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("chromium is missing")
                .hasMessageContaining("apt-get install chromium");
    }

    @Test
    void aMissingToolSkipsOutsideCi() {
        assertThatThrownBy(() -> Requirements.check(false, false, "chromium", "apt-get install chromium"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("apt-get install chromium");
    }

    @Test
    void aPresentToolLetsTheTestRunEverywhere() {
        assertThatCode(() -> Requirements.check(true, true, "chromium", "apt-get install chromium")).doesNotThrowAnyException();
        assertThatCode(() -> Requirements.check(false, true, "chromium", "apt-get install chromium")).doesNotThrowAnyException();
    }
}
