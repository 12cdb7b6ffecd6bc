package digitnet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Python interpreter for the tests that compare against a Python reference (numpy, PyTorch). */
public final class Python {
    private Python() {}

    /**
     * The first of python3 and /usr/bin/python3 that imports {@code module}; when none does, stops
     * the test through {@link Requirements} (skipped locally, failed in CI).
     */
    public static String interpreterWith(String module) throws InterruptedException {
        List<String> tried = new ArrayList<>();
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + module).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    tried.add(python + ": no answer in 300 s");
                    continue;
                }
                if (p.exitValue() == 0) {
                    return python;
                }
                tried.add(python + ": exit " + p.exitValue() + ": " + out.lines().reduce((a, b) -> b).orElse(""));
            } catch (IOException e) {
                tried.add(python + ": " + e.getMessage());
            }
        }
        Requirements.require(false, "python3 with " + module + " (tried " + String.join("; ", tried) + ")",
                "apt-get install python3-" + module + " (Debian's, for /usr/bin/python3)");
        return null;
    }
}
