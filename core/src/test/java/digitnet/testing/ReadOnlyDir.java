package digitnet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a directory read-only for this process, and undoes it. Permissions (r-x) come first; root
 * ignores them, so when this process can still create a file there it also sets the ext4
 * immutable attribute ({@code chattr +i}), which binds root too. When neither holds, the calling
 * test stops through {@link Requirements}: skipped locally, failed in CI.
 */
public final class ReadOnlyDir implements AutoCloseable {
    private final Path dir;
    private boolean immutable;

    private ReadOnlyDir(Path dir) {
        this.dir = dir;
    }

    public static ReadOnlyDir of(Path dir) throws IOException, InterruptedException {
        ReadOnlyDir ro = new ReadOnlyDir(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (canCreateIn(dir)) {
            ro.immutable = chattr("+i", dir) && !canCreateIn(dir);
            if (!ro.immutable) {
                ro.close();
                Requirements.require(false, "a way to make " + dir + " read-only (this process ignores permissions,"
                        + " as root does, and chattr +i failed)",
                        "run the tests as a user other than root, or where chattr +i works (ext4, e2fsprogs,"
                        + " CAP_LINUX_IMMUTABLE)");
            }
        }
        return ro;
    }

    private static boolean canCreateIn(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path dir) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            chattr("-i", dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
