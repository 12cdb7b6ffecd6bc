package digitnet.data.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Size, MD5 and SHA-256 of a file in one pass, and their comparison with a {@link FileSpec}. */
public final class Checksums {
    /** What a file on disk measures. */
    public record Digests(long size, String md5, String sha256) {}

    private Checksums() {}

    public static Digests of(Path file) throws IOException {
        MessageDigest md5 = digest("MD5"), sha256 = digest("SHA-256");
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md5.update(buf, 0, n);
                sha256.update(buf, 0, n);
                size += n;
            }
        }
        HexFormat hex = HexFormat.of();
        return new Digests(size, hex.formatHex(md5.digest()), hex.formatHex(sha256.digest()));
    }

    /**
     * Null when {@code got} matches every published fact of {@code spec}; otherwise what differs,
     * e.g. {@code "MD5 mismatch: expected f68b..., got 0c1d..."}.
     */
    public static String mismatch(FileSpec spec, Digests got) {
        if (spec.size() >= 0 && got.size() != spec.size()) {
            return "size mismatch: expected " + spec.size() + " bytes, got " + got.size();
        }
        if (spec.md5() != null && !spec.md5().equals(got.md5())) {
            return "MD5 mismatch: expected " + spec.md5() + ", got " + got.md5();
        }
        if (spec.sha256() != null && !spec.sha256().equals(got.sha256())) {
            return "SHA-256 mismatch: expected " + spec.sha256() + ", got " + got.sha256();
        }
        return null;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
        }
    }
}
