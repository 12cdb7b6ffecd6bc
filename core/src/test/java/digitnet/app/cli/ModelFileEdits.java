package digitnet.app.cli;

import java.nio.charset.StandardCharsets;

/** Byte-level edits of a model file for tests. */
final class ModelFileEdits {
    private ModelFileEdits() {}

    /** Replaces the only occurrence of {@code from} by {@code to} (same length). */
    static byte[] replace(byte[] bytes, String from, String to) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from);
        if (at < 0 || s.indexOf(from, at + 1) >= 0 || from.length() != to.length()) {
            throw new IllegalArgumentException("'" + from + "' is not found exactly once");
        }
        byte[] out = bytes.clone();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, out, at, to.length());
        return out;
    }
}
