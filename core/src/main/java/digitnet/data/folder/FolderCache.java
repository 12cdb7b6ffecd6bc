package digitnet.data.folder;

import digitnet.data.Dataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The decoded rows of a folder of pictures, kept in one file per folder and reading settings under
 * {@code DIR/folders/}, so that a second run reads bytes instead of decoding pictures. The file is
 * keyed by a SHA-256 of the folder's real path, every file's relative path, size and modification
 * time, and the settings: a changed folder misses and is decoded (and its file rewritten). The file
 * ends with the SHA-256 of everything before it; a damaged file is decoded again, never trusted.
 *
 * <p>Layout: "DIGITNET-FOLDER1", the key (UTF), channels, height, width, classes, the class names,
 * the notices, then each part (train; test when present): count, labels, pixels; then the checksum.
 */
public final class FolderCache {
    private static final byte[] MAGIC = "DIGITNET-FOLDER1".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH = 32;

    /** Writes a file whole or not at all (temp file + rename: the model package's AtomicFile). */
    @FunctionalInterface
    public interface Saver {
        void save(Path file, byte[] bytes);
    }

    private final Path dir;
    private final Saver saver;
    private final List<String> problems = new ArrayList<>();

    /** A cache under {@code root}/folders, written through {@code saver}. */
    public FolderCache(Path root, Saver saver) {
        this.dir = root.resolve("folders");
        this.saver = saver;
    }

    /** What went wrong with the cache (a damaged or unwritable file): lines to print, not errors. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The key of this scan read with these settings. */
    static String key(FolderScan scan, FolderSettings settings) {
        MessageDigest md = sha256();
        try {
            md.update(scan.root().toRealPath().toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            md.update(scan.root().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        }
        md.update(("\n" + settings.key() + "\n").getBytes(StandardCharsets.UTF_8));
        for (String e : scan.entries()) {
            md.update((e + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The file of this folder and settings (one per folder and settings: a changed folder overwrites its file). */
    Path file(FolderScan scan, FolderSettings settings) {
        MessageDigest md = sha256();
        try {
            md.update(scan.root().toRealPath().toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            md.update(scan.root().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        }
        md.update(("\n" + settings.key()).getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(md.digest(), 0, 12) + ".bin");
    }

    /** The rows cached for {@code key}, or null when there are none, they are of another key, or the file is damaged. */
    FolderData find(FolderScan scan, FolderSettings settings, String key) {
        Path file = file(scan, settings);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < MAGIC.length + HASH
                    || !Arrays.equals(Arrays.copyOfRange(bytes, bytes.length - HASH, bytes.length),
                    digest(bytes, bytes.length - HASH))
                    || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
                problems.add(Names.quoted(file) + ": damaged cache file; the pictures are decoded again");
                return null;
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length,
                    bytes.length - HASH - MAGIC.length));
            if (!in.readUTF().equals(key)) {
                return null;     // the folder or the settings changed
            }
            int channels = in.readInt(), height = in.readInt(), width = in.readInt(), classes = in.readInt();
            List<String> names = new ArrayList<>();
            for (int k = 0; k < classes; k++) {
                names.add(in.readUTF());
            }
            List<String> notices = new ArrayList<>();
            for (int k = in.readInt(); k > 0; k--) {
                notices.add(in.readUTF());
            }
            Dataset train = part(in, channels, height, width, names, scan.train().folder());
            Dataset test = in.readBoolean() ? part(in, channels, height, width, names, scan.test().folder()) : null;
            if ((test == null) != (scan.test() == null)) {
                return null;
            }
            return new FolderData(train, test, notices, true);
        } catch (IOException | RuntimeException e) {
            problems.add(Names.quoted(file) + ": damaged cache file (" + e.getMessage() + "); the pictures are decoded again");
            return null;
        }
    }

    private static Dataset part(DataInputStream in, int channels, int height, int width, List<String> names, Path folder)
            throws IOException {
        int count = in.readInt();
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = in.readInt();
        }
        byte[] pixels = new byte[Math.toIntExact((long) count * channels * height * width)];
        in.readFully(pixels);
        return new Dataset(pixels, labels, count, channels, height, width, names.size(), names, Names.quoted(folder));
    }

    /** Writes the rows for {@code key}; a cache that cannot be written is a notice, not an error. */
    void save(FolderScan scan, FolderSettings settings, String key, FolderData data) {
        Path file = file(scan, settings);
        try {
            Files.createDirectories(dir);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.train().pixels().length + 4096);
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeUTF(key);
            Dataset t = data.train();
            out.writeInt(t.channels());
            out.writeInt(t.height());
            out.writeInt(t.width());
            out.writeInt(t.classes());
            for (String name : t.names()) {
                out.writeUTF(name);
            }
            out.writeInt(data.notices().size());
            for (String notice : data.notices()) {
                out.writeUTF(notice);
            }
            writePart(out, t);
            out.writeBoolean(data.test() != null);
            if (data.test() != null) {
                writePart(out, data.test());
            }
            out.flush();
            byte[] body = bytes.toByteArray();
            byte[] whole = Arrays.copyOf(body, body.length + HASH);
            System.arraycopy(digest(body, body.length), 0, whole, body.length, HASH);
            saver.save(file, whole);
        } catch (IOException | RuntimeException e) {
            problems.add(Names.quoted(file) + ": cannot write the cache (" + e.getMessage() + "); the next run decodes again");
        }
    }

    private static void writePart(OutputStream o, Dataset d) throws IOException {
        DataOutputStream out = new DataOutputStream(o);
        out.writeInt(d.count());
        for (int label : d.labels()) {
            out.writeInt(label);
        }
        out.write(d.pixels());
    }

    private static byte[] digest(byte[] bytes, int length) {
        MessageDigest md = sha256();
        md.update(bytes, 0, length);
        return md.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
