package digitnet.data.folder;

import java.nio.file.Path;

/** File names as messages print them: on one line, control characters escaped. */
final class Names {
    private Names() {}

    /** The path with every control character written as \n, \t or \\uXXXX, so that a message stays one line. */
    static String quoted(Path file) {
        return oneLine(file.toString());
    }

    static String oneLine(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
