package digitnet.data.download;

import java.time.Duration;

/**
 * Bounds of every transfer.
 *
 * @param connectTimeout   longest wait for a connection
 * @param readTimeout      longest wait for the response headers, and longest pause between two
 *                         pieces of the body; a mirror that stalls longer is left for the next
 * @param attemptsPerMirror attempts at one mirror; an attempt is repeated (resumed with an HTTP
 *                          Range request) only after a transfer that broke off having sent data
 * @param maxRedirects     redirects followed per attempt (each to the same scheme only)
 * @param maxUnknownSize   largest file accepted when its size is not published
 */
public record DownloadSettings(Duration connectTimeout, Duration readTimeout, int attemptsPerMirror, int maxRedirects,
                               long maxUnknownSize) {
    public DownloadSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout and readTimeout must be positive, got "
                    + connectTimeout + " and " + readTimeout);
        }
        if (attemptsPerMirror < 1 || attemptsPerMirror > 10) {
            throw new IllegalArgumentException("attemptsPerMirror must be 1..10, got " + attemptsPerMirror);
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("maxRedirects must be 0..20, got " + maxRedirects);
        }
        if (maxUnknownSize < 1) {
            throw new IllegalArgumentException("maxUnknownSize must be positive, got " + maxUnknownSize);
        }
    }

    /** 15 s to connect, 30 s of silence, 3 attempts per mirror, 5 redirects, files of unknown size up to 4 GiB. */
    public static DownloadSettings defaults() {
        return new DownloadSettings(Duration.ofSeconds(15), Duration.ofSeconds(30), 3, 5, 4L << 30);
    }

    /** These settings with both timeouts set to {@code timeout}. */
    public DownloadSettings withTimeout(Duration timeout) {
        return new DownloadSettings(timeout, timeout, attemptsPerMirror, maxRedirects, maxUnknownSize);
    }
}
