package digitnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.api.Digits;
import digitnet.app.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** What the Spark module's tests share: a local[2] session, data files of the embedded sample, the CLI. */
final class SparkTesting {
    private SparkTesting() {}

    static SparkSession local() {
        return SparkSession.builder().master("local[2]").appName("digitnet-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    /** Rows {@code from..to-1} of a set as a Kaggle CSV, with or without the label column. */
    static Path writeCsv(Digits d, int from, int to, Path file, boolean labelled) {
        StringBuilder s = new StringBuilder(labelled ? "label," : "");
        int f = d.height() * d.width();
        for (int j = 0; j < f; j++) {
            s.append(j == 0 ? "" : ",").append("pixel").append(j);
        }
        s.append('\n');
        for (int i = from; i < to; i++) {
            if (labelled) {
                s.append(d.label(i)).append(',');
            }
            byte[] p = d.image(i);
            for (int j = 0; j < f; j++) {
                s.append(j == 0 ? "" : ",").append(p[j] & 0xff);
            }
            s.append('\n');
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** {@code digitnet ARGS} through the CLI's entry point, which must succeed. */
    static void cli(String... args) {
        assertThat(Main.run(args)).as("digitnet %s", String.join(" ", args)).isZero();
    }

    /** A small model trained by {@code digitnet train} on the embedded sample. */
    static Path trainedModel(Path dir) {
        Path model = dir.resolve("model.safetensors");
        cli("train", "--iterations", "30", "--seed", "7", "--model", model.toString(), "--quiet");
        return model;
    }

    /** The data lines of a folder of CSV parts, in part order, each part's header dropped (checked equal to {@code header}). */
    static List<String> csvRows(Path folder, String header) {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path part : files.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part);
                if (!lines.isEmpty()) {
                    assertThat(lines.get(0)).as("%s's header", part).isEqualTo(header);
                    rows.addAll(lines.subList(1, lines.size()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
