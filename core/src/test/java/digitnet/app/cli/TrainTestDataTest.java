package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --test-data FILE}: untouched rows scored after training in the same process, the same
 * scores {@code evaluate} gives the saved model; a bad test file stops the run before it trains.
 */
class TrainTestDataTest {
    @TempDir Path dir;

    @Test
    void theTestFileIsScoredAsEvaluateScoresTheSavedModel() throws Exception {
        Path train = trainCsv(), test = testCsv();
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "--data", train.toString(), "--test-data", test.toString(), "--iterations", "60",
                "--dev", "0", "--model", model.toString(), "--json", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode untouched = new ObjectMapper().readTree(r.out()).get("untouchedTest");
        assertThat(untouched.get("count").asInt()).isEqualTo(200);
        assertThat(untouched.get("testViews").asBoolean()).isFalse();
        assertThat(untouched.get("source").asText()).isEqualTo(test.toString());
        assertThat(r.err()).contains("test data " + test + ": accuracy");

        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", test.toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode evaluated = new ObjectMapper().readTree(e.out());
        assertThat(untouched.get("accuracy").asDouble()).isEqualTo(evaluated.get("accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(untouched.get("loss").asDouble()).isEqualTo(evaluated.get("loss").asDouble());

        Cli.Result text = Cli.run("train", "--data", train.toString(), "--test-data", test.toString(), "--iterations", "60",
                "--dev", "0", "--model", model.toString());
        assertThat(text.out()).contains(String.format(java.util.Locale.ROOT, "test data %s: accuracy %.4f (", test,
                evaluated.get("accuracy").asDouble()));
    }

    @Test
    void testViewsScoreTheTestFileAsEvaluateTestViewsDoes() throws Exception {
        Dataset rows = Fixtures.sample(700);
        Path train = trainCsv(), test = testCsv();
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "--data", train.toString(), "--test-data", test.toString(), "--test-views",
                "--iterations", "60", "--dev", "0", "--model", model.toString(), "--json", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("test data " + test + " (test-time views): accuracy");
        JsonNode untouched = new ObjectMapper().readTree(r.out()).get("untouchedTest");
        assertThat(untouched.get("testViews").asBoolean()).isTrue();

        ObjectMapper json = new ObjectMapper();
        JsonNode views = json.readTree(Cli.run("evaluate", "--model", model.toString(), "--data", test.toString(),
                "--test-views", "--json").out());
        JsonNode plain = json.readTree(Cli.run("evaluate", "--model", model.toString(), "--data", test.toString(),
                "--json").out());
        assertThat(views.get("testViews").asBoolean()).isTrue();
        assertThat(plain.get("testViews").asBoolean()).isFalse();
        assertThat(untouched.get("accuracy").asDouble()).isEqualTo(views.get("accuracy").asDouble()).isGreaterThan(0.5);
        assertThat(untouched.get("loss").asDouble()).isEqualTo(views.get("loss").asDouble())
                .isNotEqualTo(plain.get("loss").asDouble());

        Path out = dir.resolve("submission.csv");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--test-views",
                "--probabilities", "--out", out.toString());
        assertThat(p.code()).as(p.err()).isZero();
        long right = 0;
        List<String> lines = Files.readAllLines(out);
        for (int i = 1; i < lines.size(); i++) {
            right += Integer.parseInt(lines.get(i).split(",")[1]) == rows.labels()[500 + i - 1] ? 1 : 0;
        }
        assertThat(right / 200.0).isEqualTo(views.get("accuracy").asDouble());
    }

    @Test
    void testViewsWithoutTestDataOrWithPicturesOrOnSmallImagesAreRefusedInOneLine() throws Exception {
        Cli.Result r = Cli.run("train", "--iterations", "5", "--test-views", "--model", model().toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--test-views scores the test data: give --test-data FILE");
        assertThat(Files.exists(model())).isFalse();

        Path small = Fixtures.fixture("csv/good-8x8.csv");
        Path smallModel = dir.resolve("small.safetensors");
        assertThat(Cli.run("train", "--data", small.toString(), "--iterations", "5", "--model", smallModel.toString()).code())
                .isZero();
        Cli.Result e = Cli.run("evaluate", "--model", smallModel.toString(), "--data", small.toString(), "--test-views");
        assertThat(e.code()).isEqualTo(3);
        assertThat(e.err().strip().lines()).hasSize(1);
        assertThat(e.err()).contains(small + ": test-time views need images of at least 12x12, these are 8x8")
                .doesNotContain("Exception");

        Cli.Result p = Cli.run("predict", "--model", smallModel.toString(), "--image", small.toString(), "--test-views");
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("--out, --probabilities and --test-views go with --data");
    }

    @Test
    void aBadTestFileStopsTheRunBeforeItTrainsWithOneLine() throws Exception {
        Path bad = Fixtures.fixture("csv/pixel-256.csv");
        Cli.Result r = trainWithTestData(bad);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(bad + ":2:6:").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("iteration");
        assertThat(Files.exists(model())).isFalse();
    }

    @Test
    void testImagesOfAnotherSizeOrWithoutLabelsAreRefused() throws Exception {
        Path small = Fixtures.fixture("csv/good-8x8.csv");
        Cli.Result r = trainWithTestData(small);
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains(small + ": images of 8x8, the training data's are 28x28");
        Path unlabelled = Fixtures.writeCsv(Fixtures.sample(10), dir.resolve("unlabelled.csv"), false);
        Cli.Result u = trainWithTestData(unlabelled);
        assertThat(u.code()).isEqualTo(3);
        assertThat(u.err()).contains(unlabelled + ": --test-data needs labels");
        assertThat(Files.exists(model())).isFalse();
    }

    @Test
    void aFolderOfPicturesScoresItsOwnTestPartNotATestFile() throws Exception {
        Path folder = dir.resolve("shapes");
        digitnet.testing.PictureFolders.write(folder, new String[] {"circle", "square"}, 4, 12, 1);
        Path csv = Fixtures.writeCsv(Fixtures.sample(10), dir.resolve("held-out.csv"), true);
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "--data", folder.toString(), "--test-data", csv.toString(), "--no-cache",
                "--model", model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--test-data goes with a data file");
        assertThat(Files.exists(model)).isFalse();
    }

    /** train on 100 sample rows with --dev 0, scoring {@code testData} after it, into {@link #model()}. */
    private Cli.Result trainWithTestData(Path testData) throws Exception {
        Path train = Fixtures.writeCsv(Fixtures.sample(100), dir.resolve("train.csv"), true);
        return Cli.run("train", "--data", train.toString(), "--test-data", testData.toString(), "--dev", "0",
                "--model", model().toString());
    }

    // rows 0..499 of the sample to train on, 500..699 as the untouched test file
    private Path trainCsv() throws java.io.IOException {
        return Fixtures.writeCsv(Fixtures.sample(700).subset(IntStream.range(0, 500).toArray(), "train"),
                dir.resolve("train.csv"), true);
    }

    private Path testCsv() throws java.io.IOException {
        return Fixtures.writeCsv(Fixtures.sample(700).subset(IntStream.range(500, 700).toArray(), "test"),
                dir.resolve("test.csv"), true);
    }

    private Path model() {
        return dir.resolve("m.safetensors");
    }
}
