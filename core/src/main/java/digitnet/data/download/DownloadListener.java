package digitnet.data.download;

import java.net.URI;
import java.nio.file.Path;

/** What a {@link Downloader} reports while it works (for progress bars and logs); every method is optional. */
public interface DownloadListener {
    /** Reports nothing. */
    DownloadListener NONE = new DownloadListener() {};

    /** The file was already present and verified: no network was used for it. */
    default void cached(FileSpec file, Path path) {}

    /** A cached copy failed verification ({@code reason}) and is fetched again. */
    default void cacheRejected(FileSpec file, Path path, String reason) {}

    /** A transfer starts at byte {@code from} (above 0 when resumed); {@code total} is -1 when unknown. */
    default void started(FileSpec file, URI url, long from, long total) {}

    /** {@code done} bytes of {@code total} (-1 when unknown) are on disk. */
    default void progress(FileSpec file, long done, long total) {}

    /** An attempt at {@code url} failed; the next attempt or mirror follows if there is one. */
    default void failed(FileSpec file, URI url, String reason) {}

    /** The file was verified and saved under {@code path}. */
    default void saved(FileSpec file, Path path) {}
}
