package digitnet.data;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the committed test fixtures under src/test/resources/fixtures. */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String relative) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + relative, e);
        }
    }
}
