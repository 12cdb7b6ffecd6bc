import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.train.Splits;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the train, dev and test rows that {@code digitnet train --data DATA --dev DEV --test TEST
 * --seed SEED} cuts, as three Kaggle CSV files, so that the PyTorch recipes of the matrix train,
 * stop and score on exactly digitnet's rows. The rows come from digitnet's own {@link Splits#of}:
 * nothing of the split is re-implemented here.
 *
 * <pre>java -cp core/target/digitnet.jar scripts/matrix/SplitFiles.java DATA DEV TEST SEED OUT_DIR</pre>
 */
public final class SplitFiles {
    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: SplitFiles DATA DEV TEST SEED OUT_DIR");
            System.exit(2);
        }
        Dataset all = DataLoader.load(Path.of(args[0]), null, DataLoader.DEFAULT_CLASSES);
        Splits s = Splits.of(all, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
        Path out = Path.of(args[4]);
        Files.createDirectories(out);
        write(s.train(), out.resolve("train.csv"));
        write(s.dev(), out.resolve("dev.csv"));
        write(s.test(), out.resolve("test.csv"));
        System.out.println(out + ": train " + s.train().count() + ", dev " + s.dev().count() + ", test "
                + s.test().count() + " rows of " + all.height() + "x" + all.width());
    }

    private static void write(Dataset d, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder("label");
            for (int j = 0; j < d.features(); j++) {
                line.append(",pixel").append(j);
            }
            w.write(line.append('\n').toString());
            for (int i = 0; i < d.count(); i++) {
                line.setLength(0);
                line.append(d.labels()[i]);
                for (int j = 0; j < d.features(); j++) {
                    line.append(',').append(d.pixel(i, j));
                }
                w.write(line.append('\n').toString());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
