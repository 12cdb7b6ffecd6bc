package digitnet.spark;

import digitnet.api.Digitnet;
import digitnet.api.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models an executor JVM has loaded, by the SHA-256 of their file's bytes: a model file broadcast
 * to the executors is read once per JVM, and each task scores with its own {@link Model#copy()}.
 */
final class ExecutorModels {
    private static final Map<String, Model> LOADED = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** The model of these file bytes ({@code name} for messages), loaded on this JVM's first call. */
    static Model get(byte[] file, String name) {
        return LOADED.computeIfAbsent(sha256(file), key -> load(file, name));
    }

    /** How many models this JVM has loaded (for tests: once per executor, not per task). */
    static int loadedCount() {
        return LOADED.size();
    }

    // the core reads model files from a path: the bytes go to a temporary file of the model's name (the
    // driver has loaded the same bytes already, so a bad file was refused there)
    private static Model load(byte[] file, String name) {
        try {
            Path dir = Files.createTempDirectory("digitnet-model");
            Path f = dir.resolve(Path.of(name).getFileName().toString());
            try {
                Files.write(f, file);
                return Digitnet.load(f).copy();
            } finally {
                Files.deleteIfExists(f);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
