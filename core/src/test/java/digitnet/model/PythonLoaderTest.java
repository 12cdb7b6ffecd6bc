package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import digitnet.data.Batcher;
import digitnet.data.Dataset;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Shape;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.tensor.Tensor;
import digitnet.testing.Fixtures;
import digitnet.testing.Python;
import digitnet.testing.Requirements;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import digitnet.train.Training;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented format is enough for another implementation: scripts/load_model.py (numpy only)
 * and scripts/load_with_pytorch.py (nn.Sequential + load_state_dict) reproduce digitnet's logits
 * and probabilities for real digits. Without the interpreter or package: skipped locally, failed in CI
 * ({@link Requirements}).
 */
class PythonLoaderTest {
    static final int DIGITS = 25;
    @TempDir static Path dir;
    static Path model, cnnModel, labelledCsv, testCsv;
    static Dataset digits;
    static Tensor logits;
    static float[] probabilities;
    static int[] predicted;

    @BeforeAll
    static void trainAndSave() throws IOException {
        Dataset all = Fixtures.sample(400);
        Settings config = Settings.of(new NetworkSpec.Mlp(List.of(16, 8), 0), Init.HE, OptimizerSettings.sgd(0.5), new Steps(0, 0, 30, 10), 4);
        Training.Outcome outcome = Training.run(all, config.withHeldOut(HeldOutRows.dev(100)), p -> { });
        Network net = outcome.network();
        model = dir.resolve("m.safetensors");
        Tensor velocity = new Tensor(16, 784);
        ModelFile.save(model, net, new ModelInfo(net.architecture(), 28, 28, ModelInfo.numberedLabels(10), digitnet.train.TrainingRecord.fromJson(Map.of("seed", 4), net.architecture()), Map.of()), Map.of("optimizer.0.weight.velocity", velocity));

        int[] idx = new int[DIGITS];
        for (int i = 0; i < DIGITS; i++) {
            idx[i] = 9000 + i;       // digits the network was not trained on
        }
        digits = digitnet.data.DataLoader.embeddedSample().subset(idx, "digits");
        labelledCsv = Fixtures.writeCsv(digits, dir.resolve("digits.csv"), true);
        testCsv = Fixtures.writeCsv(digits, dir.resolve("test.csv"), false);
        Tensor x = new Tensor(DIGITS, 784);
        Batcher.fill(digits, null, 0, DIGITS, x, null);
        logits = net.forward(x, false).copy();
        predicted = new int[DIGITS];
        probabilities = new float[DIGITS * 10];
        new Predictor(net).predict(digits, predicted, probabilities);
        cnnModel = dir.resolve("cnn.safetensors");
        ModelFile.save(cnnModel, cnn, new ModelInfo(cnn.architecture(), 28, 28, ModelInfo.numberedLabels(10),
                digitnet.train.TrainingRecord.none(), Map.of()), Map.of());
        cnnLogits = cnn.forward(x, false).copy();
    }

    static Tensor cnnLogits;
    static final Network cnn = cnnWithMovedStatistics();

    /** A CNN with batch norm over channels and over features, its running statistics moved by 3 training passes. */
    static Network cnnWithMovedStatistics() {
        LayerList list = LayerList.of(Shape.image(28, 28), LayerListSyntax.parse(
                "conv:6:5:2:2,batchnorm,relu,maxpool:2,conv:8:3:1:1,relu,avgpool:2,flatten,dropout:0.3,linear:16,"
                        + "batchnorm,relu,linear:10"), 10);
        Network n = Network.initialised(Architecture.of(list), Init.HE, 7);
        Dataset rows = Fixtures.sample(64);
        Tensor x = new Tensor(64, 784);
        Batcher.fill(rows, null, 0, 64, x, null);
        for (int i = 0; i < 3; i++) {
            n.forward(x, true);
        }
        return n;
    }

    @Test
    void pytorchBuildsTheLayerListAndGivesTheSameEvalLogits() throws Exception {
        String python = Python.interpreterWith("torch");
        List<String> lines = run(python, "../scripts/load_with_pytorch.py", cnnModel, labelledCsv);
        assertThat(lines).hasSize(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            String[] cells = lines.get(i).split(" ");
            for (int c = 0; c < 10; c++) {
                assertThat(Double.parseDouble(cells[1 + c])).as("digit %d class %d", i, c)
                        .isCloseTo(cnnLogits.get(i, c), within(1e-4));
            }
            assertThat(Integer.parseInt(cells[0])).isEqualTo(digitnet.tensor.Ops.argmaxRow(cnnLogits, i));
        }
    }

    @Test
    void numpyScriptReproducesLogitsAndProbabilities() throws Exception {
        String python = Python.interpreterWith("numpy");
        for (Path csv : List.of(labelledCsv, testCsv)) {
            List<String> lines = run(python, "../scripts/load_model.py", csv);
            assertThat(lines).hasSize(DIGITS);
            for (int i = 0; i < DIGITS; i++) {
                String[] cells = lines.get(i).split(" ");
                assertThat(cells).hasSize(21);
                assertThat(Integer.parseInt(cells[0])).as("digit %d", i).isEqualTo(predicted[i]);
                for (int c = 0; c < 10; c++) {
                    assertThat(Double.parseDouble(cells[1 + c])).isCloseTo(logits.get(i, c), within(1e-4));
                    assertThat(Double.parseDouble(cells[11 + c])).isCloseTo(probabilities[i * 10 + c], within(1e-5));
                }
            }
        }
    }

    @Test
    void pytorchLoadsTheStateDictAndGivesTheSameLogits() throws Exception {
        String python = Python.interpreterWith("torch");
        List<String> lines = run(python, "../scripts/load_with_pytorch.py", labelledCsv);
        assertThat(lines).hasSize(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            String[] cells = lines.get(i).split(" ");
            assertThat(Integer.parseInt(cells[0])).isEqualTo(predicted[i]);
            for (int c = 0; c < 10; c++) {
                assertThat(Double.parseDouble(cells[1 + c])).isCloseTo(logits.get(i, c), within(1e-4));
            }
        }
    }

    static List<String> run(String python, String script, Path csv) throws Exception {
        return run(python, script, model, csv);
    }

    static List<String> run(String python, String script, Path model, Path csv) throws Exception {
        assertThat(Path.of(script)).exists();
        Path errFile = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(python, script, model.toString(), csv.toString())
                .redirectError(errFile.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        return new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().toList());
    }
}
