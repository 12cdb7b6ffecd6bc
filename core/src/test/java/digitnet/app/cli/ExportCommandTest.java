package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.testing.Agreement;
import digitnet.testing.Fixtures;
import digitnet.testing.OnnxRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digitnet export} end to end: train a model with the train command, predict with the
 * predict command, export, and run the ONNX file in ONNX Runtime on the same rows.
 */
class ExportCommandTest {
    @TempDir Path dir;

    @Test
    void anExportedMlpAgreesWithDigitnetPredict() throws Exception {
        Agreement a = trainPredictExport("--hidden", "16", "--iterations", "40", "--learning-rate", "0.5");
        a.requireIssueBar();
    }

    @Test
    void anExportedCnnWithBatchNormAgreesWithDigitnetPredict() throws Exception {
        Agreement a = trainPredictExport("--layers", "conv:4:3:1:1,batchnorm,relu,maxpool:2,flatten,dropout:0.2,"
                + "linear:16,batchnorm,relu,linear:10", "--epochs", "1", "--batch-size", "50", "--learning-rate", "0.05");
        a.requireIssueBar();
    }

    @Test
    void aMissingModelIsOneLineAndNoFile() {
        Path onnx = dir.resolve("out.onnx");
        Cli.Result r = Cli.run("export", "--model", dir.resolve("nothing.safetensors").toString(), "--onnx", onnx.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.errLines()).isEqualTo(1);
        assertThat(r.err()).contains("nothing.safetensors").contains("no such model file");
        assertThat(onnx).doesNotExist();
    }

    @Test
    void anUnwritableOutputIsOneLineWithItsExitCode() throws Exception {
        Path model = Fixtures.tinyModel(dir.resolve("tiny.safetensors"), 3);
        Cli.Result r = Cli.run("export", "--model", model.toString(), "--onnx", dir.resolve("no/such/dir/x.onnx").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CANNOT_WRITE);
        assertThat(r.errLines()).isEqualTo(1);
        assertThat(r.err()).contains("x.onnx");
    }

    @Test
    void bothFilesAreRequired() {
        Cli.Result r = Cli.run("export", "--model", "m.safetensors");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--onnx");
    }

    /** Trains with {@code layerArgs} on 400 rows, predicts them, exports, and compares ONNX Runtime's answers. */
    Agreement trainPredictExport(String... layerArgs) throws Exception {
        Dataset rows = Fixtures.sample(400);
        Path csv = Fixtures.writeCsv(rows, dir.resolve("train.csv"), true);
        Path model = dir.resolve("model.safetensors");
        List<String> train = new java.util.ArrayList<>(List.of("train", "--data", csv.toString(), "--dev", "50",
                "--model", model.toString()));
        train.addAll(List.of(layerArgs));
        Cli.Result t = Cli.run(train.toArray(String[]::new));
        assertThat(t.code()).as(t.err()).isZero();

        Path submission = dir.resolve("predictions.csv");
        Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", csv.toString(), "--out",
                submission.toString(), "--probabilities");
        assertThat(p.code()).as(p.err()).isZero();

        Path onnx = dir.resolve("model.onnx");
        Cli.Result e = Cli.run("export", "--model", model.toString(), "--onnx", onnx.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("model.onnx").contains("opset 17").contains("pixels [n, 784]")
                .contains("probabilities [n, 10]");

        List<String> lines = Files.readAllLines(submission);
        int k = 10;
        int[] predicted = new int[rows.count()];
        float[] probs = new float[rows.count() * k];
        for (int i = 0; i < rows.count(); i++) {
            String[] f = lines.get(i + 1).split(",");
            predicted[i] = Integer.parseInt(f[1]);
            for (int c = 0; c < k; c++) {
                probs[i * k + c] = Float.parseFloat(f[2 + c]);
            }
        }
        Dataset read = DataLoader.load(csv, null, k);       // the rows as predict read them
        try (OnnxRun run = new OnnxRun(Files.readAllBytes(onnx))) {
            return Agreement.of(run.probabilities(read), predicted, probs);
        }
    }
}
