package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.api.Digitnet;
import digitnet.api.Model;
import digitnet.testing.PictureFolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of colour pictures through the command line: train, evaluate with names, predict by name, bad pictures. */
class FolderCommandsTest {
    static final String[] CLASSES = {"red square", "red disc", "blue square", "blue disc"};

    @TempDir static Path dir;
    static Path folder, cache, model;
    static Cli.Result trained;

    @BeforeAll
    static void trainOnce() {
        folder = dir.resolve("shapes");
        cache = dir.resolve("cache");
        model = dir.resolve("shapes.safetensors");
        PictureFolders.write(folder.resolve("train"), CLASSES, 30, 16, 1);
        PictureFolders.write(folder.resolve("test"), CLASSES, 6, 16, 2);
        trained = train(folder, model, "16");
    }

    private static Cli.Result train(Path data, Path to, String dev, String... more) {
        String[] args = {"train", "--data", data.toString(), "--data-dir", cache.toString(), "--layers",
                "conv:8:3:1:1,relu,maxpool:2,flatten,linear:4", "--epochs", "16", "--batch-size", "16", "--optimizer", "adam",
                "--lr", "0.01", "--dev", dev, "--model", to.toString(), "--quiet"};
        String[] all = new String[args.length + more.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Cli.run(all);
    }

    @Test
    void trainsOnTheTrainPartAndScoresTheUntouchedTestPart() {
        assertThat(trained.code()).as(trained.err()).isEqualTo(0);
        assertThat(trained.err()).contains("shapes: colour pictures, read as 3 channels")
                .contains("144 pictures (24 test), 3x16x16, 4 classes");
        Matcher m = Pattern.compile("test folder .*test: accuracy ([0-9.]+) \\((\\d+) of 24\\)").matcher(trained.out());
        assertThat(m.find()).as(trained.out()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isGreaterThanOrEqualTo(0.6);     // chance is 0.25
        Model loaded = Digitnet.load(model);
        assertThat(loaded.channels()).isEqualTo(3);
        assertThat(loaded.labels()).containsExactly("blue disc", "blue square", "red disc", "red square");
    }

    @Test
    void aSecondRunReadsTheCache() {
        Cli.Result again = train(folder, dir.resolve("again.safetensors"), "16");
        assertThat(again.code()).as(again.err()).isEqualTo(0);
        assertThat(again.err()).contains("from the cache");
        assertThat(again.out().lines().filter(l -> !l.startsWith("done:")))
                .as("the same rows, the same run: every line but the times")
                .isEqualTo(trained.out().replace(model.toString(), dir.resolve("again.safetensors").toString()).lines()
                        .filter(l -> !l.startsWith("done:")).toList());
    }

    @Test
    void evaluatePrintsTheClassNamesInTheConfusionMatrix() {
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--data", folder.toString(), "--no-cache");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("on " + folder + ": 24 images")
                .containsPattern("true\\\\pred\\s+blue disc\\s+blue square\\s+red disc\\s+red square")
                .containsPattern("(?m)^red square\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+$");
        assertThat(r.out()).contains(trained.out().lines().filter(l -> l.startsWith("test folder")).findFirst().orElseThrow()
                .replaceAll(".*accuracy ([0-9.]+) .*", "accuracy $1"));
    }

    @Test
    void colourPicturesOfTheTestPartAreScoredByTestTimeViewsAsEvaluateScoresThem() throws Exception {
        Path viewed = dir.resolve("viewed.safetensors");
        Cli.Result r = train(folder, viewed, "16", "--test-views", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).contains("test folder " + folder.resolve("test") + " (test-time views): accuracy");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var untouched = json.readTree(r.out()).get("untouchedTest");
        assertThat(untouched.get("testViews").asBoolean()).isTrue();
        assertThat(untouched.get("count").asInt()).isEqualTo(24);
        Cli.Result e = Cli.run("evaluate", "--model", viewed.toString(), "--data", folder.toString(), "--no-cache",
                "--test-views", "--json");
        assertThat(e.code()).as(e.err()).isEqualTo(0);
        var views = json.readTree(e.out());
        assertThat(untouched.get("accuracy").asDouble()).isEqualTo(views.get("accuracy").asDouble()).isGreaterThan(0.25);
        assertThat(untouched.get("loss").asDouble()).isEqualTo(views.get("loss").asDouble());
    }

    @Test
    void predictNamesTheClassOfAPicture() {
        Path picture = folder.resolve("test/red disc/000.png");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--image", picture.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out().lines().findFirst().orElseThrow()).contains("class").contains("blue disc").contains("red square");
        String row = r.out().lines().skip(1).findFirst().orElseThrow();
        assertThat(row).startsWith(picture.toString());
        Model loaded = Digitnet.load(model);
        assertThat(row).contains("  " + loaded.predictPicture(picture).label() + " ");
        assertThat(String.format(Locale.ROOT, "%s", loaded.predictPicture(picture).label())).isIn((Object[]) CLASSES);
    }

    @Test
    void aCorruptPictureFailsInOneLineWithNothingWrittenAndIsSkippedOnRequest() throws IOException {
        Path bad = dir.resolve("bad");
        PictureFolders.write(bad, new String[] {"a", "b", "c", "d"}, 3, 16, 3);
        Files.write(bad.resolve("b/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path out = dir.resolve("bad.safetensors");
        Cli.Result r = train(bad, out, "2");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.errLines()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("digitnet train: error: " + bad.resolve("b/broken.png") + ": ");
        assertThat(out).doesNotExist();
        Cli.Result skipped = train(bad, out, "2", "--skip-bad-images");
        assertThat(skipped.code()).as(skipped.err()).isEqualTo(0);
        assertThat(skipped.err()).contains("skipped 1 bad picture (--skip-bad-images; the first: " + bad.resolve("b/broken.png"));
        assertThat(out).exists();
    }

    @Test
    void aSingleClassFolderIsRefusedAsBadInput() {
        Path one = dir.resolve("one");
        PictureFolders.write(one, new String[] {"only"}, 3, 16, 4);
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--data", one.toString(), "--no-cache");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains(one + ": holds a single class folder (only)");
        assertThat(r.out()).isEmpty();
    }
}
