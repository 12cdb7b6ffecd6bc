package digitnet.data.download;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches files and keeps them only when they are the published ones. A file already present
 * and verified is not fetched again (no network is used). Otherwise each URL is tried in order;
 * the bytes go to {@code .NAME.part} in the target folder (kept after a failed transfer, and
 * resumed by the next attempt or call), are verified (size, MD5, SHA-256 as published) and are
 * then renamed to {@code NAME}. A copy that fails its checksum is deleted: nothing is left under
 * its name.
 *
 * <p>Nothing a server sends is trusted beyond the checksum: file names are ours, redirects to
 * another scheme are refused, and sizes and silences are bounded ({@link DownloadSettings}).
 * Mirror failures end in a {@link DownloadException}, a wrong copy in a {@link ChecksumException};
 * a failure of the local disk is an {@link UncheckedIOException}.
 */
public final class Downloader {
    private final DownloadSettings settings;
    private final DownloadListener listener;
    private Transfer transfer;

    public Downloader(DownloadSettings settings, DownloadListener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Every file of {@code set} into {@code dir/NAME/}, from {@code mirrors} (or, when empty,
     * the data set's own mirrors) in order.
     */
    public List<Path> fetch(KnownDataset set, List<URI> mirrors, Path dir) {
        List<URI> bases = mirrors.isEmpty() ? set.mirrors() : Mirrors.checked(mirrors);
        Path folder = dir.resolve(set.name());
        createFolder(folder);
        List<Path> saved = new ArrayList<>();
        for (FileSpec file : set.files()) {
            saved.add(fetch(file, bases.stream().map(b -> b.resolve(file.name())).toList(), folder));
        }
        return saved;
    }

    /** The file {@code file.name()} in {@code dir}, fetched from the first of {@code urls} that gives the right copy. */
    public Path fetch(FileSpec file, List<URI> urls, Path dir) {
        createFolder(dir);
        Path target = dir.resolve(file.name());
        Path part = dir.resolve(FileNames.partial(file.name()));
        if (!target.normalize().getParent().equals(dir.normalize())) {
            throw new IllegalStateException(file.name() + " resolves outside " + dir);
        }
        try {
            if (Files.isRegularFile(target)) {
                String wrong = Checksums.mismatch(file, Checksums.of(target));
                if (wrong == null) {
                    listener.cached(file, target);
                    return target;
                }
                listener.cacheRejected(file, target, wrong);
                Files.delete(target);
            } else if (Files.exists(target)) {
                throw new DownloadException(target + ": exists and is not a regular file");
            }
            return fetchMissing(file, urls, target, part);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private Path fetchMissing(FileSpec file, List<URI> urls, Path target, Path part) throws IOException {
        List<String> failures = new ArrayList<>();
        String wrongCopy = null;
        for (URI url : urls) {
            Mirrors.checkedUrl(url);
            for (int attempt = 1; attempt <= settings.attemptsPerMirror(); attempt++) {
                boolean resumed = Files.exists(part) && Files.size(part) > 0;
                try {
                    transfer().fetch(file, url, part);
                } catch (Transfer.Failure f) {
                    listener.failed(file, url, f.getMessage());
                    if (f.retry && attempt < settings.attemptsPerMirror()) {
                        continue;
                    }
                    failures.add(url + ": " + f.getMessage());
                    break;
                }
                String wrong = Checksums.mismatch(file, Checksums.of(part));
                if (wrong == null) {
                    moveIntoPlace(part, target);
                    listener.saved(file, target);
                    return target;
                }
                Files.delete(part);
                listener.failed(file, url, wrong);
                if (resumed && attempt < settings.attemptsPerMirror()) {
                    continue; // the first bytes came from an earlier transfer: fetch the whole file once more
                }
                wrongCopy = file.name() + ": " + wrong + " (from " + url + ")";
                failures.add(url + ": " + wrong);
                break;
            }
        }
        if (wrongCopy != null) {
            throw new ChecksumException(wrongCopy + "; nothing saved"
                    + (failures.size() > 1 ? "; every source tried: " + String.join("; ", failures) : ""));
        }
        throw new DownloadException(file.name() + ": no source gave it: " + String.join("; ", failures));
    }

    private static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir + ": " + reason(e), e);
        }
    }

    /** What went wrong, without repeating the file name the message already gives. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /** The HTTP client is made on first use, so that a call served from the cache opens nothing. */
    private Transfer transfer() {
        if (transfer == null) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.connectTimeout()).build();
            transfer = new Transfer(client, settings, listener);
        }
        return transfer;
    }
}
