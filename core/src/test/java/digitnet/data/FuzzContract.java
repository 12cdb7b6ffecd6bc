package digitnet.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/**
 * The contract every reader of outside bytes keeps under fuzzing: it returns a valid result or
 * throws {@link InputException} whose message starts with the file's name and names the place.
 * Any other exception escapes the fuzz target and is a finding.
 */
public final class FuzzContract {
    /** What follows "file" in a message: ":line:col: ", ": byte N: ", or a named field or gzip stream. */
    private static final Pattern PLACE = Pattern.compile(
            "(:\\d+:\\d+: |: byte \\d+: |: .*\\bfield\\b|: (truncated|corrupt) .*gzip|: truncated or corrupt gzip|: image size |: not a (readable )?PNG or JPEG|: cannot open as an image).*",
            Pattern.DOTALL);

    private FuzzContract() {}

    /** Checks that {@code e} names {@code file} and a place in it. */
    public static void assertNamesPlace(InputException e, String file) {
        String m = e.getMessage();
        assertThat(m).as("message of %s", e).startsWith(file);
        String rest = m.substring(file.length());
        if (rest.startsWith(" / ")) {
            rest = rest.substring(rest.indexOf(':'));   // "images / labels: ..." names both files
        }
        assertThat(PLACE.matcher(rest).matches()).as("message names a place: %s", m).isTrue();
    }

    /** Invariants of any data set a reader returns. */
    public static void assertValid(Dataset d, int classes) {
        assertThat(d.count()).isPositive();
        assertThat(d.height()).isPositive();
        assertThat(d.width()).isPositive();
        assertThat((long) d.height() * d.width()).isEqualTo(d.features());
        assertThat(d.pixels()).hasSize(d.count() * d.features());
        assertThat(d.classes()).isEqualTo(classes);
        if (d.labels() != null) {
            assertThat(d.labels()).hasSize(d.count());
            for (int label : d.labels()) {
                assertThat(label).isBetween(0, classes - 1);
            }
        }
    }
}
