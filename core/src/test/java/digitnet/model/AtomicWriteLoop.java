package digitnet.model;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child process of {@link AtomicFileKillTest}: writes {@code MB} megabytes through
 * {@link AtomicFile} again and again, every byte of generation g equal to g, printing
 * "writing g" before each write. Stops by itself after 200 writes.
 */
public final class AtomicWriteLoop {
    private AtomicWriteLoop() {}

    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        int megabytes = Integer.parseInt(args[1]);
        byte[] block = new byte[1 << 20];
        for (int g = 1; g <= 200; g++) {
            Arrays.fill(block, (byte) g);
            System.out.println("writing " + g);
            System.out.flush();
            AtomicFile.write(target, out -> {
                for (int i = 0; i < megabytes; i++) {
                    out.write(block);
                }
            });
        }
    }
}
