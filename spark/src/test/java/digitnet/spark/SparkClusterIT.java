package digitnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar for spark-submit on a real standalone cluster: a master and two workers (one core each) started
 * from Spark's jars on 127.0.0.1 (target/spark-home, filled by Maven before this test), every job through
 * SparkSubmit as a user runs it, compared with the core's CLI on the same rows. Runs after
 * {@code package}, in {@code mvn verify}; the cluster's processes are killed at the end, also on failure.
 */
class SparkClusterIT {
    @TempDir static Path dir;
    static StandaloneCluster cluster;
    static final Path JAR = Path.of(System.getProperty("digitnet.spark.jar", "target/digitnet-spark.jar"));
    static Path model;
    static Digits rows;

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("digitnet.spark.home", "target/spark-home"));
        cluster = new StandaloneCluster(home, Files.createDirectories(dir.resolve("cluster")), 2, "1g");
        model = SparkTesting.trainedModel(dir);
        rows = Digitnet.sample().first(4000);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void predictOnTwoExecutorsEqualsDigitnetPredictRowForRow() throws Exception {
        Path folder = dir.resolve("in");
        SparkTesting.writeCsv(rows, 0, 2000, folder.resolve("part-a.csv"), false);
        SparkTesting.writeCsv(rows, 2000, 4000, folder.resolve("part-b.csv"), false);
        Path whole = SparkTesting.writeCsv(rows, 0, 4000, dir.resolve("whole.csv"), false);
        Path cliOut = dir.resolve("cli.csv");
        SparkTesting.cli("predict", "--model", model.toString(), "--data", whole.toString(), "--out", cliOut.toString(),
                "--probabilities");
        List<String> expected = Files.readAllLines(cliOut);

        Path out = dir.resolve("predictions");
        StandaloneCluster.Run run = cluster.submit(JAR, "digitnet.spark.Predict", 2, List.of("--model", model.toString(),
                "--data", folder.toString(), "--out", out.toString(), "--probabilities"));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote 4000 predictions");
        assertThat(SparkTesting.csvRows(out, expected.get(0))).isEqualTo(expected.subList(1, expected.size()));
    }

    @Test
    void badInputThroughSparkSubmitIsOneLineExitCode3AndNoOutputFolder() throws Exception {
        Path out = dir.resolve("never");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "pixel0,pixel1\n1,2\n3,x\n");
        StandaloneCluster.Run missing = cluster.submit(JAR, "digitnet.spark.Predict", 2, List.of("--model",
                dir.resolve("missing.safetensors").toString(), "--data", bad.toString(), "--out", out.toString()));
        assertThat(missing.code()).as(missing.err()).isEqualTo(3);
        assertThat(missing.err().lines().filter(l -> !l.isBlank()).toList()).as(missing.err()).hasSize(1)
                .allMatch(l -> l.startsWith("digitnet-spark predict: error: ") && l.contains("missing.safetensors"));

        StandaloneCluster.Run corrupt = cluster.submit(JAR, "digitnet.spark.Predict", 2, List.of("--model",
                model.toString(), "--data", bad.toString(), "--out", out.toString()));
        assertThat(corrupt.code()).as(corrupt.err()).isEqualTo(3);
        assertThat(corrupt.err().lines().filter(l -> !l.isBlank()).toList()).as(corrupt.err()).hasSize(1)
                .allMatch(l -> l.contains("bad.csv:3:2"));
        assertThat(out).doesNotExist();
    }

    @Test
    void trainOnTwoExecutorsGivesTheAccuracyOfDigitnetTrainWithTheSameSeed() throws Exception {
        Path data = SparkTesting.writeCsv(rows, 0, 3000, dir.resolve("train.csv"), true);
        List<String> options = List.of("--data", data.toString(), "--hidden", "32", "--batch-size", "64", "--epochs", "2",
                "--optimizer", "adam", "--learning-rate", "0.002", "--dev", "500", "--seed", "4");
        Path cli = dir.resolve("cli.safetensors");
        List<String> args = new java.util.ArrayList<>(List.of("train", "--model", cli.toString(), "--quiet"));
        args.addAll(options);
        SparkTesting.cli(args.toArray(String[]::new));

        Path model = dir.resolve("spark.safetensors");
        List<String> submitted = new java.util.ArrayList<>(options);
        submitted.addAll(List.of("--model", model.toString(), "--partitions", "2"));
        StandaloneCluster.Run run = cluster.submit(JAR, "digitnet.spark.Train", 2, submitted);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("in 2 partitions", "model saved to");
        double sparkDev = dev(model), cliDev = dev(cli);
        assertThat(sparkDev).as("dev accuracy on the cluster against digitnet train's %s", cliDev).isCloseTo(cliDev,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(Digitnet.load(model).training()).isEqualTo(Digitnet.load(cli).training());
    }

    @Test
    void sweepOnTwoExecutorsWritesItsTableAndTheBestModel() throws Exception {
        Path data = SparkTesting.writeCsv(rows, 0, 2000, dir.resolve("sweep.csv"), true);
        Path table = dir.resolve("results.csv"), best = dir.resolve("best.safetensors");
        StandaloneCluster.Run run = cluster.submit(JAR, "digitnet.spark.Sweep", 2, List.of("--vary", "hidden=16,32",
                "--seeds", "1", "--table", table.toString(), "--model", best.toString(), "--", "--data", data.toString(),
                "--batch-size", "64", "--epochs", "1", "--optimizer", "adam", "--learning-rate", "0.002", "--dev", "500"));
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(table);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("\"--hidden 16\",1,0.");
        assertThat(lines.get(2)).startsWith("\"--hidden 32\",1,0.");
        assertThat(best).exists();
    }

    static double dev(Path model) {
        return ((Number) Digitnet.load(model).metrics().get("dev_accuracy")).doubleValue();
    }
}
