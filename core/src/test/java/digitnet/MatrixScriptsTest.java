package digitnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.testing.Fixtures;
import digitnet.testing.Requirements;
import digitnet.train.Splits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts of the preset test matrix (scripts/matrix, docs/training.md) on tiny inputs, so that
 * they do not rot: the data-set maker's shapes and values, the split files that are digitnet's own
 * split, and one epoch of the PyTorch recipes. Python with numpy and torch: see {@link Requirements}.
 */
class MatrixScriptsTest {
    static final String PYTHON = "/usr/bin/python3";
    @TempDir Path dir;

    /** 12 rows of 8x8 with every pixel different: pixel j of row i is (7 i + j) mod 256. */
    static Dataset tiny() {
        int n = 12, f = 64;
        byte[] px = new byte[n * f];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < f; j++) {
                px[i * f + j] = (byte) ((7 * i + j) % 256);
            }
        }
        return new Dataset(px, labels, n, 8, 8, 10, "tiny");
    }

    @Test
    void theMakerWritesEachDataSetWithItsShapeAndValues() throws Exception {
        requireModule("numpy");
        Dataset tiny = tiny();
        Path source = Fixtures.writeCsv(tiny, dir.resolve("tiny.csv"), true);
        Path out = dir.resolve("sets");
        run(PYTHON, "../scripts/matrix/make_datasets.py", out.toString(), "--source", source.toString(),
                "--subsets", "3,5", "--seed", "4");

        JsonNode manifest = new ObjectMapper().readTree(out.resolve("datasets.json").toFile());
        List<String> shapes = new ArrayList<>();
        for (JsonNode d : manifest.get("datasets")) {
            shapes.add(d.get("name").asText() + " " + d.get("rows").asInt() + " " + d.get("height").asInt() + "x"
                    + d.get("width").asInt());
        }
        assertThat(shapes).containsExactly("sample-8x8 12 8x8", "sample-4x4 12 4x4", "sample-2x2 12 2x2",
                "subset-3 3 8x8", "subset-5 5 8x8", "inverted-8x8 12 8x8", "row-1x32 12 1x32");

        assertThat(load(out, "sample-8x8").pixels()).isEqualTo(tiny.pixels());
        Dataset half = load(out, "sample-4x4");
        Dataset quarter = load(out, "sample-2x2");
        for (int i = 0; i < tiny.count(); i++) {
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(half.pixel(i, r * 4 + c)).isEqualTo(blockMean(tiny, i, r, c, 2));
                }
            }
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    assertThat(quarter.pixel(i, r * 2 + c)).isEqualTo(blockMean(tiny, i, r, c, 4));
                }
            }
        }
        Dataset inverted = load(out, "inverted-8x8");
        Dataset row = load(out, "row-1x32");
        assertThat(row.height()).as("a non-square count is read as one row").isEqualTo(1);
        for (int i = 0; i < tiny.count(); i++) {
            for (int j = 0; j < 64; j++) {
                assertThat(inverted.pixel(i, j)).isEqualTo(255 - tiny.pixel(i, j));
            }
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(row.pixel(i, r * 4 + c)).isEqualTo(tiny.pixel(i, r * 8 + c + 2));
                }
            }
            assertThat(inverted.labels()[i]).isEqualTo(tiny.labels()[i]);
        }
        Dataset subset = load(out, "subset-5");
        Set<Integer> firstPixels = new HashSet<>();
        for (int i = 0; i < subset.count(); i++) {
            firstPixels.add(subset.pixel(i, 0));
            int original = subset.pixel(i, 0) / 7;    // row i's first pixel is 7 i
            assertThat(subset.labels()[i]).isEqualTo(tiny.labels()[original]);
        }
        assertThat(firstPixels).as("distinct rows of the source").hasSize(5);
    }

    /** The mean of the f x f block (r, c) of image i, rounded half up, as the maker computes it. */
    static int blockMean(Dataset d, int i, int r, int c, int f) {
        int sum = 0;
        for (int y = 0; y < f; y++) {
            for (int x = 0; x < f; x++) {
                sum += d.pixel(i, (r * f + y) * 8 + c * f + x);
            }
        }
        return (int) Math.floor((double) sum / (f * f) + 0.5);
    }

    @Test
    void theSplitFilesHoldDigitnetsOwnSplit() throws Exception {
        Dataset all = Fixtures.sample(60);
        Path csv = Fixtures.writeCsv(all, dir.resolve("sample.csv"), true);
        Path out = dir.resolve("split");
        run(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", "target/classes",
                "../scripts/matrix/SplitFiles.java", csv.toString(), "10", "15", "3", out.toString());
        Splits expected = Splits.of(DataLoader.load(csv, null, 10), 10, 15, 3);
        assertThat(load(out, "train").pixels()).isEqualTo(expected.train().pixels());
        assertThat(load(out, "dev").pixels()).isEqualTo(expected.dev().pixels());
        assertThat(load(out, "test").labels()).isEqualTo(expected.test().labels());
        assertThat(load(out, "test").pixels()).isEqualTo(expected.test().pixels());
    }

    @Test
    void theTorchRecipesTrainOneEpochAndSkipTheConvnetWhereTheImageIsTooSmall() throws Exception {
        requireModule("torch");
        Dataset all = Fixtures.sample(50);
        Dataset small = downscaleBy2(all);    // 14x14: the Keras convnet fits
        Path train = Fixtures.writeCsv(small.subset(range(0, 30), "train"), dir.resolve("train.csv"), true);
        Path dev = Fixtures.writeCsv(small.subset(range(30, 40), "dev"), dir.resolve("dev.csv"), true);
        Path test = Fixtures.writeCsv(small.subset(range(40, 50), "test"), dir.resolve("test.csv"), true);
        List<String> lines = run(PYTHON, "../scripts/matrix/torch_recipes.py", "--train", train.toString(),
                "--dev", dev.toString(), "--test", test.toString(), "--height", "14", "--width", "14",
                "--max-epochs", "1");
        ObjectMapper json = new ObjectMapper();
        assertThat(lines).hasSize(2);
        for (int k = 0; k < 2; k++) {
            JsonNode r = json.readTree(lines.get(k));
            assertThat(r.get("recipe").asText()).isEqualTo(k == 0 ? "mlp" : "convnet");
            assertThat(r.get("epochs").asInt()).isEqualTo(1);
            assertThat(r.get("rows").get("train").asInt()).isEqualTo(30);
            assertThat(r.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
        }
        List<String> narrow = run(PYTHON, "../scripts/matrix/torch_recipes.py", "--train", train.toString(),
                "--dev", dev.toString(), "--test", test.toString(), "--height", "1", "--width", "196",
                "--max-epochs", "1");
        assertThat(json.readTree(narrow.get(0)).has("testAccuracy")).isTrue();
        assertThat(json.readTree(narrow.get(1)).get("skipped").asText()).contains("1x196");
    }

    static int[] range(int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return idx;
    }

    static Dataset downscaleBy2(Dataset d) {
        byte[] px = new byte[d.count() * 196];
        for (int i = 0; i < d.count(); i++) {
            for (int r = 0; r < 14; r++) {
                for (int c = 0; c < 14; c++) {
                    int sum = d.pixel(i, 2 * r * 28 + 2 * c) + d.pixel(i, 2 * r * 28 + 2 * c + 1)
                            + d.pixel(i, (2 * r + 1) * 28 + 2 * c) + d.pixel(i, (2 * r + 1) * 28 + 2 * c + 1);
                    px[i * 196 + r * 14 + c] = (byte) (sum / 4);
                }
            }
        }
        return new Dataset(px, d.labels(), d.count(), 14, 14, 10, "14x14");
    }

    static Dataset load(Path dir, String name) {
        return DataLoader.load(dir.resolve(name + ".csv"), null, 10);
    }

    static void requireModule(String module) throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        Requirements.require(present, PYTHON + " with " + module, "apt-get install python3-" + module);
    }

    /** Runs a command from the project's root; returns its stdout lines, failing with its stderr. */
    List<String> run(String... command) throws Exception {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err, StandardCharsets.UTF_8)).isZero();
        return new String(out, StandardCharsets.UTF_8).lines().toList();
    }
}
