package digitnet.data.download;

import java.util.Locale;

/**
 * One file to fetch and how to recognise the right copy: its name (ours, never taken from a
 * server), its size in bytes ({@code -1} when none is published) and its published checksums as
 * lowercase hex ({@code null} when none is published). At least one checksum is required.
 */
public record FileSpec(String name, long size, String md5, String sha256) {
    public FileSpec {
        FileNames.requireSafe(name);
        if (size < -1) {
            throw new IllegalArgumentException("size of " + name + " must be -1 (not published) or at least 0, got " + size);
        }
        md5 = hex(name, "md5", md5, 32);
        sha256 = hex(name, "sha256", sha256, 64);
        if (md5 == null && sha256 == null) {
            throw new IllegalArgumentException(name + ": a file needs a published checksum (md5 or sha256)");
        }
    }

    /** A file whose size and MD5 are published (what torchvision publishes for the MNIST family). */
    public static FileSpec md5(String name, long size, String md5) {
        return new FileSpec(name, size, md5, null);
    }

    /** A file known only by its SHA-256 (what Keras' {@code get_file} takes). */
    public static FileSpec sha256(String name, String sha256) {
        return new FileSpec(name, -1, null, sha256);
    }

    private static String hex(String name, String field, String value, int digits) {
        if (value == null) {
            return null;
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (v.length() != digits || !v.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException(name + ": " + field + " must be " + digits + " hex digits, got \"" + value + "\"");
        }
        return v;
    }
}
