package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate, predict and show on a model trained by the train command: the commands agree with
 * each other, the submission is Kaggle's format, and CSV, unlabelled CSV and IDX give the same.
 */
class CommandsTest {
    static final int ROWS = 300;
    @TempDir static Path dir;
    static Dataset data;
    static Path csv, model;

    @BeforeAll
    static void trainAModel() throws IOException {
        data = Fixtures.sample(ROWS);
        csv = Fixtures.writeCsv(data, dir.resolve("train.csv"), true);
        model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "--data", csv.toString(), "--dev", "50", "--hidden", "16",
                "--iterations", "40", "--learning-rate", "0.5", "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void submissionIsKaggleFormatAndAgreesWithEvaluate() throws IOException {
        Path sub = dir.resolve("submission.csv");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--out", sub.toString(),
                "--probabilities");
        assertThat(p.code()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(sub);
        assertThat(lines.get(0)).isEqualTo("ImageId,Label,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9");
        assertThat(lines).hasSize(ROWS + 1);
        int[][] confusion = new int[10][10];
        double lossSum = 0;
        int correct = 0;
        for (int i = 0; i < ROWS; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertThat(cells).hasSize(12);
            assertThat(cells[0]).isEqualTo(Integer.toString(i + 1));
            int label = Integer.parseInt(cells[1]), truth = data.labels()[i];
            double sum = 0, best = -1;
            for (int c = 0; c < 10; c++) {
                double prob = Double.parseDouble(cells[2 + c]);
                sum += prob;
                best = Math.max(best, prob);
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
            assertThat(Double.parseDouble(cells[2 + label])).isEqualTo(best);
            confusion[truth][label]++;
            correct += label == truth ? 1 : 0;
            lossSum -= Math.log(Double.parseDouble(cells[2 + truth]));
        }

        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--json");
        assertThat(e.code()).as(e.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(e.out());
        assertThat(json.get("count").asInt()).isEqualTo(ROWS);
        assertThat(json.get("accuracy").asDouble()).isEqualTo((double) correct / ROWS);
        assertThat(json.get("loss").asDouble()).isCloseTo(lossSum / ROWS, within(1e-5));
        assertThat(new ObjectMapper().convertValue(json.get("confusion"), int[][].class)).isEqualTo(confusion);
        for (int c = 0; c < 10; c++) {
            JsonNode s = json.get("perClass").get(c);
            int tp = confusion[c][c], support = 0, predicted = 0;
            for (int j = 0; j < 10; j++) {
                support += confusion[c][j];
                predicted += confusion[j][c];
            }
            assertThat(s.get("label").asText()).isEqualTo(Integer.toString(c));
            assertThat(s.get("support").asInt()).isEqualTo(support);
            assertThat(s.get("recall").asDouble()).isCloseTo((double) tp / support, within(1e-12));
            assertThat(s.get("precision").asDouble()).isCloseTo(predicted == 0 ? 0 : (double) tp / predicted, within(1e-12));
        }
    }

    @Test
    void unlabelledCsvAndIdxGiveTheSameSubmission() throws IOException {
        Path fromCsv = dir.resolve("a.csv"), fromTest = dir.resolve("b.csv"), fromIdx = dir.resolve("c.csv"),
                fromGz = dir.resolve("d.csv");
        Path test = Fixtures.writeCsv(data, dir.resolve("test.csv"), false);
        Fixtures.writeIdx(data, dir.resolve("t-images-idx3-ubyte"), dir.resolve("t-labels-idx1-ubyte"), false);
        Fixtures.writeIdx(data, dir.resolve("z-images-idx3-ubyte.gz"), dir.resolve("z-labels-idx1-ubyte.gz"), true);
        assertThat(Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--out", fromCsv.toString()).code()).isZero();
        assertThat(Cli.run("predict", "--model", model.toString(), "--data", test.toString(), "--out", fromTest.toString()).code()).isZero();
        assertThat(Cli.run("predict", "--model", model.toString(), "--data", dir.resolve("t-images-idx3-ubyte").toString(),
                "--out", fromIdx.toString()).code()).isZero();
        assertThat(Cli.run("predict", "--model", model.toString(), "--data", dir.resolve("z-images-idx3-ubyte.gz").toString(),
                "--out", fromGz.toString()).code()).isZero();
        byte[] expected = Files.readAllBytes(fromCsv);
        assertThat(new String(expected)).startsWith("ImageId,Label\n1,");
        assertThat(Files.readAllBytes(fromTest)).isEqualTo(expected);
        assertThat(Files.readAllBytes(fromIdx)).isEqualTo(expected);
        assertThat(Files.readAllBytes(fromGz)).isEqualTo(expected);

        Cli.Result e1 = Cli.run("evaluate", "--model", model.toString(), "--data", csv.toString(), "--json");
        Cli.Result e2 = Cli.run("evaluate", "--model", model.toString(), "--data", dir.resolve("z-images-idx3-ubyte.gz").toString(),
                "--labels", dir.resolve("z-labels-idx1-ubyte.gz").toString(), "--json");
        assertThat(e2.out()).isEqualTo(e1.out());
        Cli.Result noLabels = Cli.run("evaluate", "--model", model.toString(), "--data", test.toString());
        assertThat(noLabels.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(noLabels.err()).contains("test.csv").contains("no labels");
    }

    @Test
    void evaluateTablesAreAligned() {
        Cli.Result e = Cli.run("evaluate", "--model", model.toString(), "--data", csv.toString());
        assertThat(e.code()).as(e.err()).isZero();
        List<String> lines = e.out().lines().toList();
        assertThat(lines.get(1)).startsWith("accuracy ").contains("mean cross-entropy");
        int matrix = lines.indexOf("confusion matrix (rows = true label, columns = predicted)");
        assertThat(lines.subList(matrix + 1, matrix + 12)).allSatisfy(l -> assertThat(l).hasSize(lines.get(matrix + 1).length()));
        int perClass = matrix + 13;
        assertThat(lines.get(perClass)).contains("precision").contains("recall").contains("f1").contains("support");
        assertThat(lines.subList(perClass, perClass + 11)).allSatisfy(l -> assertThat(l).hasSize(lines.get(perClass).length()));
    }

    @Test
    void showDrawsTheDigitWithLabelAndPrediction() throws IOException {
        Path sub = dir.resolve("show-sub.csv");
        Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--out", sub.toString());
        String predicted = Files.readAllLines(sub).get(8).split(",")[1];    // ImageId 8 = index 7
        Cli.Result r = Cli.run("show", "--data", csv.toString(), "--index", "7", "--model", model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("image 7").contains("label " + data.labels()[7]);
        assertThat(lines.subList(2, 30)).allSatisfy(l -> assertThat(l).hasSize(58).startsWith("|").endsWith("|"));
        // the darkest pixel of the image is drawn with the last character of the ramp
        assertThat(String.join("", lines.subList(2, 30))).contains("@@");
        assertThat(lines.get(31)).startsWith("prediction " + predicted + " ");
        assertThat(lines.get(32)).startsWith("probabilities  0: ");

        Cli.Result outOfRange = Cli.run("show", "--data", csv.toString(), "--index", "300");
        assertThat(outOfRange.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(outOfRange.err()).contains("--index 300 is outside 0..299");
    }

    @Test
    void predictImagesPrintsDigitAndProbabilitiesPerPicture() throws IOException {
        Path a = picture(0, dir.resolve("a.png"), "png"), b = picture(1, dir.resolve("b.jpg"), "jpg");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--image", a.toString(), b.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).split("\\s+")).containsExactly("image", "digit", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        for (int i = 1; i <= 2; i++) {
            String[] cells = lines.get(i).trim().split("\\s+");
            assertThat(cells).hasSize(12);
            double sum = 0, best = -1;
            for (int c = 0; c < 10; c++) {
                sum += Double.parseDouble(cells[2 + c]);
                best = Math.max(best, Double.parseDouble(cells[2 + c]));
            }
            assertThat(sum).isCloseTo(1.0, within(1e-3));
            assertThat(Double.parseDouble(cells[2 + Integer.parseInt(cells[1])])).isEqualTo(best);
        }
    }

    /** Image {@code i} of the data drawn dark on light, three times larger, as a user's scan would be. */
    static Path picture(int i, Path file, String format) throws IOException {
        BufferedImage img = new BufferedImage(84, 84, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 84; y++) {
            for (int x = 0; x < 84; x++) {
                int v = 255 - data.pixel(i, (y / 3) * 28 + x / 3);
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        ImageIO.write(img, format, file.toFile());
        return file;
    }
}
