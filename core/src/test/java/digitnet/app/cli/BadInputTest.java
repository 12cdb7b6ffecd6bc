package digitnet.app.cli;

import static digitnet.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed or hostile input of issue 3, through the command line: a non-zero exit code,
 * at most two lines on stderr naming the file and the place, no stack trace, and a pre-existing
 * output file left as it was (nothing else created beside it).
 */
class BadInputTest {
    private static final String OLD = "ImageId,Label\nthis is the previous submission\n";

    @TempDir Path root;
    /** Inputs made by the tests (models, files). */
    Path dir;
    /** Holds only the previous submission; nothing else may appear here. */
    Path outDir;
    Path model;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(root.resolve("inputs"));
        outDir = Files.createDirectory(root.resolve("out"));
        model = Fixtures.tinyModel(dir.resolve("tiny.safetensors"), 3);
        out = outDir.resolve("submission.csv");
        Files.writeString(out, OLD);
    }

    /** fixture under src/test/resources/bad, the place the message must name, what it must say. */
    static Stream<Arguments> badDataFiles() {
        return Stream.of(
                Arguments.of("empty.csv", ":1:1: ", "empty file"),
                Arguments.of("header-only.csv", ":2:1: ", "no data rows"),
                Arguments.of("too-few-columns.csv", ":3:5: ", "ends after 4 values"),
                Arguments.of("too-many-columns.csv", ":2:6: ", "more than the header's 5 columns"),
                Arguments.of("non-numeric.csv", ":2:3: ", "found 'abc'"),
                Arguments.of("nan.csv", ":2:3: ", "found 'NaN'"),
                Arguments.of("pixel-out-of-range.csv", ":2:3: ", "256"),
                Arguments.of("pixel-negative.csv", ":2:3: ", "-1"),
                Arguments.of("label-out-of-range.csv", ":3:1: ", "label 10"),
                Arguments.of("label-negative.csv", ":2:1: ", "label -1"),
                Arguments.of("garbage.bin", ":1:1: ", "unexpected byte 0x89"),
                Arguments.of("truncated.csv.gz", ": byte 736: ", "truncated gzip"),
                Arguments.of("idx-wrong-magic-idx3-ubyte", ": byte 0: ", "bad magic number 0x00000801"),
                Arguments.of("idx-truncated-body-idx3-ubyte.gz", ": byte 21: ", "truncated"),
                Arguments.of("idx-too-many-images-idx3-ubyte", ": byte 4: ", "holds only 20 bytes"),
                Arguments.of("idx-huge-count-idx3-ubyte", ": byte 4: ", "2000000000 images"),
                Arguments.of("idx-bad-label-images-idx3-ubyte", "labels-idx1-ubyte: byte 9: ", "label 10"),
                Arguments.of("size-3x3.csv", "size-3x3.csv: images are 3x3", "expects 2x2"));
    }

    @ParameterizedTest(name = "predict --data {0}")
    @MethodSource("badDataFiles")
    void predictRejectsBadDataAndKeepsTheOldSubmission(String fixture, String place, String says) throws IOException {
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", resource("bad/" + fixture).toString(),
                "--out", out.toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, place, says);
    }

    @ParameterizedTest(name = "evaluate --data {0}")
    @MethodSource("badDataFiles")
    void evaluateRejectsBadData(String fixture, String place, String says) throws IOException {
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--data", resource("bad/" + fixture).toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, place, says);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void labelsFileWithTheImagesMagicOrTheWrongCount() throws IOException {
        Path images = resource("bad/idx-bad-label-images-idx3-ubyte");
        Cli.Result r = Cli.run("evaluate", "--model", model.toString(), "--data", images.toString(), "--labels", images.toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "idx-bad-label-images-idx3-ubyte: byte 0: ", "for an IDX labels file");
        Path three = dir.resolve("three-labels-idx1-ubyte");
        Files.write(three, new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3});
        r = Cli.run("evaluate", "--model", model.toString(), "--data", images.toString(), "--labels", three.toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "three-labels-idx1-ubyte: byte 4: ", "holds 3 labels but the images file holds 2 images");
    }

    @Test
    void showRejectsBadDataToo() throws IOException {
        Cli.Result r = Cli.run("show", "--data", resource("bad/nan.csv").toString(), "--index", "0");
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "nan.csv:2:3: ", "NaN");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Cli.Result r = Cli.run("evaluate", "--verbose", "--model", model.toString(), "--data", resource("bad/nan.csv").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("InputException").contains("\tat ");
    }

    @Test
    void pictureOfTheWrongSizeForTheModelIsNamed() throws IOException {
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--image", resource("bad/not-an-image.png").toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "tiny.safetensors: ", "expects 2x2 images, but pictures are converted to 28x28");
    }

    @Test
    void unreadablePictureIsNamed() throws IOException {
        Path model28 = dir.resolve("m28.safetensors");
        digitnet.model.ModelFile.save(model28, digitnet.nn.Network.initialised(
                        digitnet.nn.Architecture.of(784, List.of(4), 10), digitnet.nn.Init.HE, 1),
                new digitnet.model.ModelInfo(digitnet.nn.Architecture.of(784, List.of(4), 10), 28, 28,
                        digitnet.model.ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.none(), java.util.Map.of()),
                java.util.Map.of());
        Cli.Result r = Cli.run("predict", "--model", model28.toString(), "--image", resource("bad/not-an-image.png").toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "not-an-image.png: ", "PNG or JPEG");
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        Cli.Result r = Cli.run("predict", "--model", cut.toString(), "--data", resource("data/tiny.csv").toString(),
                "--out", out.toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "cut.safetensors: byte ", "corrupted");
    }

    @Test
    void modelWithAFlippedByte() throws IOException {
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length - 3] ^= 0x10;
        Path bad = dir.resolve("flipped.safetensors");
        Files.write(bad, bytes);
        Cli.Result r = Cli.run("predict", "--model", bad.toString(), "--data", resource("data/tiny.csv").toString(),
                "--out", out.toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "flipped.safetensors: byte ", "checksum mismatch");
    }

    @Test
    void modelFromAnIncompatibleVersion() throws IOException {
        Path v2 = dir.resolve("v2.safetensors");
        Files.write(v2, ModelFileEdits.replace(Files.readAllBytes(model), "\"format_version\":\"1\"", "\"format_version\":\"2\""));
        Cli.Result r = Cli.run("evaluate", "--model", v2.toString(), "--data", resource("data/tiny.csv").toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "v2.safetensors: byte 8: ", "incompatible model format version '2'");
    }

    @Test
    void dataFileInsteadOfModel() throws IOException {
        Cli.Result r = Cli.run("evaluate", "--model", resource("data/tiny.csv").toString(), "--data", resource("data/tiny.csv").toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "tiny.csv: byte 0: ", "not a safetensors file");
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Cli.Result r = Cli.run("predict", "--model", dir.resolve("nope.safetensors").toString(),
                "--data", resource("data/tiny.csv").toString(), "--out", out.toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "nope.safetensors: ", "no such model file");
        r = Cli.run("predict", "--model", model.toString(), "--data", dir.resolve("nope.csv").toString(), "--out", out.toString());
        assertCleanFailure(r, ExitCodes.BAD_INPUT, "nope.csv: ", "no such file");
    }

    @Test
    void outputInAMissingDirectory() throws IOException {
        Path missing = outDir.resolve("no-such-dir").resolve("submission.csv");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", resource("data/tiny.csv").toString(),
                "--out", missing.toString());
        assertCleanFailure(r, ExitCodes.CANNOT_WRITE, "no-such-dir", "does not exist");
        assertThat(outDir.resolve("no-such-dir")).doesNotExist();
    }

    @Test
    void outputOverTheInputIsRefused() throws IOException {
        Path data = dir.resolve("test.csv");
        Files.copy(resource("data/tiny.csv"), data);
        byte[] before = Files.readAllBytes(data);
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--data", data.toString(), "--out", data.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("is the input file");
        assertThat(Files.readAllBytes(data)).isEqualTo(before);
    }

    private void assertCleanFailure(Cli.Result r, int code, String place, String says) throws IOException {
        assertThat(r.code()).as("exit code; stderr: %s", r.err()).isEqualTo(code);
        assertThat(r.errLines()).as("stderr: %s", r.err()).isBetween(1L, 2L);
        assertThat(r.err()).contains(place).contains(says).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).isEqualTo(OLD);
        try (var files = Files.list(outDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("submission.csv");
        }
    }
}
