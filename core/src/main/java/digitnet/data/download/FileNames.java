package digitnet.data.download;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The names files are saved under. A name is one path element of letters, digits and
 * {@code . _ + -}, starts with a letter or digit and holds no {@code ..}: it cannot climb out of
 * the download folder, be hidden, or collide with the temporary {@code .NAME.part} files.
 */
public final class FileNames {
    /** Longest name accepted (file systems allow 255 bytes; the temporary name adds a few). */
    public static final int MAX_LENGTH = 200;
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private FileNames() {}

    /** Throws when {@code name} is not a safe file name. */
    public static String requireSafe(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("file name is empty");
        }
        if (name.length() > MAX_LENGTH || !SAFE.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("unsafe file name \"" + printable(name) + "\": expected up to " + MAX_LENGTH
                    + " letters, digits and . _ + -, starting with a letter or digit, without \"..\"");
        }
        return name;
    }

    /** The last element of the URL's path, checked as above; a URL ending in '/' has none. */
    public static String fromUrl(URI url) {
        String path = url.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            throw new IllegalArgumentException(url + ": the URL's path names no file to save it under");
        }
        return requireSafe(path.substring(path.lastIndexOf('/') + 1));
    }

    /** The temporary name a transfer in progress is kept under (resumed by the next call). */
    static String partial(String name) {
        return "." + name + ".part";
    }

    /** {@code s} with control characters escaped and cut to a readable length (for one-line messages). */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX_LENGTH + 1L).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
