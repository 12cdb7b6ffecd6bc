package digitnet.model;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Writes a file all or nothing: the content goes to a temporary file in the same directory, is
 * flushed to disk, then renamed over the target. A crash at any moment leaves either the old file
 * or the complete new one, and a failure removes the temporary file.
 *
 * <p>A process killed while writing leaves its hidden temporary file ({@code .NAME1234.tmp})
 * behind; the next write of the same file removes such leftovers once they are older than
 * {@link #STALE_TEMP}, so that a writer running at the same time keeps its own.
 */
public final class AtomicFile {
    /** Age after which a leftover temporary file of the same target is removed. */
    public static final Duration STALE_TEMP = Duration.ofMinutes(1);

    private AtomicFile() {}

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Temporary files are created owner-only; the finished file gets the usual rw-r--r--. */
    private static void readableByAll(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default permissions
        }
    }

    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new OutputException("cannot write " + target + ": directory " + dir + " does not exist", null);
        }
        if (Files.isDirectory(abs)) {
            throw new OutputException("cannot write " + target + ": it is a directory", null);
        }
        removeStaleTemps(dir, abs.getFileName().toString());
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            readableByAll(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (AccessDeniedException e) {
            throw new OutputException("cannot write " + target + ": permission denied", e);
        } catch (NoSuchFileException e) {
            throw new OutputException("cannot write " + target + ": no such directory", e);
        } catch (FileSystemException e) {
            // the reason alone ("Operation not permitted", "Read-only file system"), not the temp file's name
            throw new OutputException("cannot write " + target + ": "
                    + (e.getReason() != null ? e.getReason() : e.getMessage()), e);
        } catch (IOException e) {
            throw new OutputException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original error is the one to report
                }
            }
        }
    }

    /** Deletes {@code .NAME<digits>.tmp} files in {@code dir} not modified within {@link #STALE_TEMP}. */
    private static void removeStaleTemps(Path dir, String name) {
        Pattern temp = Pattern.compile(Pattern.quote("." + name) + "\\d+\\.tmp");
        Instant cutoff = Instant.now().minus(STALE_TEMP);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir,
                p -> temp.matcher(p.getFileName().toString()).matches())) {
            for (Path p : leftovers) {
                if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // best effort: a leftover that cannot be removed does not stop this write
        }
    }
}
