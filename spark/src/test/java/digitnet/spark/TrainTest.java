package digitnet.spark;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.model.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train in Spark (local[2]) against {@code digitnet train} with the same options: one partition is the
 * CLI's model bit for bit; two are the same model within float rounding and bit-identical from rerun to
 * rerun; options the CLI refuses are refused the same way. A network with batch norm carries its running
 * statistics through the synchronous steps: one partition gives every tensor of the CLI's model file. {@code --average-every K}: one partition is the
 * synchronous model bit for bit (by construction: the same rows, rates and optimizer steps, averaged over one
 * part), two partitions train a model {@code digitnet evaluate} loads and rerun to the same bytes.
 */
class TrainTest {
    @TempDir static Path dir;
    static SparkSession spark;
    static Path data;
    static Digits rows;
    static final List<String> OPTIONS = List.of("--hidden", "32", "--batch-size", "64", "--epochs", "2", "--optimizer", "adam",
            "--learning-rate", "0.002", "--dev", "500", "--seed", "4");

    @BeforeAll
    static void setUp() {
        spark = SparkTesting.local();
        rows = Digitnet.sample().first(3000);
        data = SparkTesting.writeCsv(rows, 0, 3000, dir.resolve("train.csv"), true);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static Path sparkTrain(String name, String... extra) {
        return sparkTrain(name, OPTIONS, extra);
    }

    static Path sparkTrain(String name, List<String> options, String... extra) {
        Path model = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--model", model.toString()));
        args.addAll(options);
        args.addAll(List.of(extra));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Train.run(spark, new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return model;
    }

    static float[] probabilities(Path model) {
        return Digitnet.load(model).predict(rows).probabilities();
    }

    @Test
    void onePartitionIsTheModelOfDigitnetTrainBitForBit() {
        Path cli = dir.resolve("cli.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", cli.toString(), "--quiet"));
        args.addAll(OPTIONS);
        SparkTesting.cli(args.toArray(String[]::new));
        Path spark1 = sparkTrain("one.safetensors", "--partitions", "1");
        assertThat(probabilities(spark1)).isEqualTo(probabilities(cli));
        assertThat(Digitnet.load(spark1).training()).isEqualTo(Digitnet.load(cli).training());
        assertThat(Digitnet.load(spark1).metrics()).isEqualTo(Digitnet.load(cli).metrics());
    }

    /** Every tensor of a model file by name: weights, buffers (running statistics), optimizer checkpoint. */
    static Map<String, float[]> tensors(Path model) {
        ModelFile.Loaded m = ModelFile.load(model);
        Map<String, float[]> all = new TreeMap<>();
        m.network().parameters().forEach(p -> all.put(p.name(), Arrays.copyOf(p.value().data, p.value().size())));
        m.network().buffers().forEach(b -> all.put(b.name(), Arrays.copyOf(b.value().data, b.value().size())));
        m.checkpoint().forEach((k, t) -> all.put("checkpoint " + k, Arrays.copyOf(t.data, t.size())));
        return all;
    }

    @Test
    void synchronousStepsCarryBatchNormsRunningStatisticsOnePartitionIsDigitnetTrainsEveryTensor() {
        List<String> bn = List.of("--layers", "conv:8:3,batchnorm,relu,maxpool:2,flatten,linear:10", "--batch-size", "128",
                "--epochs", "2", "--optimizer", "adam", "--learning-rate", "0.002", "--dev", "500", "--seed", "4");
        Path cli = dir.resolve("cli-sync-bn.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", cli.toString(), "--quiet"));
        args.addAll(bn);
        SparkTesting.cli(args.toArray(String[]::new));
        Path one = sparkTrain("sync-bn1.safetensors", bn, "--partitions", "1");
        Map<String, float[]> expected = tensors(cli), actual = tensors(one);
        assertThat(actual.keySet()).contains("1.running_mean", "1.running_var", "1.num_batches_tracked")
                .isEqualTo(expected.keySet());
        expected.forEach((name, values) -> assertThat(actual.get(name)).as(name).isEqualTo(values));
        assertThat(actual.get("1.num_batches_tracked")).containsExactly(2 * 20f);     // 2500 rows: 20 steps an epoch
        assertThat(Digitnet.load(one).metrics()).isEqualTo(Digitnet.load(cli).metrics());
        Path two = sparkTrain("sync-bn2.safetensors", bn, "--partitions", "2");
        double cliDev = ((Number) Digitnet.load(cli).metrics().get("dev_accuracy")).doubleValue();
        double twoDev = ((Number) Digitnet.load(two).metrics().get("dev_accuracy")).doubleValue();
        assertThat(twoDev).as("dev accuracy of two partitions against digitnet train's %.4f", cliDev).isCloseTo(cliDev,
                org.assertj.core.data.Offset.offset(0.02));
        assertThat(tensors(two).get("1.num_batches_tracked")).containsExactly(2 * 20f);
    }

    @Test
    void twoPartitionsGiveTheSameModelWithinRoundingAndTheSameBitsOnARerun() {
        float[] one = probabilities(sparkTrain("p1.safetensors", "--partitions", "1"));
        float[] two = probabilities(sparkTrain("p2.safetensors", "--partitions", "2"));
        float[] again = probabilities(sparkTrain("p2-again.safetensors", "--partitions", "2"));
        assertThat(again).isEqualTo(two);
        double worst = 0;
        for (int i = 0; i < one.length; i++) {
            worst = Math.max(worst, Math.abs(one[i] - two[i]));
        }
        assertThat(worst).as("largest probability difference").isLessThan(1e-3);
    }

    @Test
    void aBadOptionIsAUsageErrorAndBadDataIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Train.run(spark, e, "--epochs", "x")).isEqualTo(2);
        err.reset();
        assertThat(Train.run(spark, e, "--hidden", "16", "--layers", "linear:10")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(1)
                .allMatch(l -> l.startsWith("digitnet-spark train: error: ") && l.contains("--layers"));
        err.reset();
        assertThat(Train.run(spark, e, "--data", dir.resolve("missing.csv").toString())).isEqualTo(3);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(1).allMatch(l -> l.contains("missing.csv"));
    }

    @Test
    void averagingWithOnePartitionIsTheSynchronousModelBitForBit() throws Exception {
        Path sync = sparkTrain("sync1.safetensors", "--partitions", "1");
        Path averaged = sparkTrain("avg1.safetensors", "--partitions", "1", "--average-every", "4");
        assertThat(Files.readAllBytes(averaged)).isEqualTo(Files.readAllBytes(sync));
        List<String> patience = List.of("--hidden", "32", "--batch-size", "64", "--epochs", "4", "--optimizer", "adam",
                "--learning-rate", "0.02", "--dev", "500", "--seed", "4", "--patience", "1");
        Path syncPatience = sparkTrain("sync-patience.safetensors", patience, "--partitions", "1");
        Path averagedPatience = sparkTrain("avg-patience.safetensors", patience, "--partitions", "1", "--average-every", "7");
        assertThat(Files.readAllBytes(averagedPatience)).isEqualTo(Files.readAllBytes(syncPatience));
        List<String> fullBatch = List.of("--hidden", "16", "--batch-size", "0", "--iterations", "23", "--every", "5",
                "--optimizer", "momentum", "--learning-rate", "0.2", "--dev", "500", "--seed", "6");
        Path syncFull = sparkTrain("sync-full.safetensors", fullBatch, "--partitions", "1");
        Path averagedFull = sparkTrain("avg-full.safetensors", fullBatch, "--partitions", "1", "--average-every", "8");
        assertThat(Files.readAllBytes(averagedFull)).isEqualTo(Files.readAllBytes(syncFull));
        assertThat(probabilities(averagedFull)).isNotEqualTo(probabilities(averaged));
    }

    /** --augment-for reaches the workers of both kinds of step: augmenting the first half is not augmenting all. */
    @Test
    void augmentingTheFirstHalfOfTheStepsReachesSynchronousAndAveragedWorkers() throws Exception {
        Path half = sparkTrain("aug-half.safetensors", "--partitions", "1", "--augment", "--augment-for", "0.5");
        Path halfAveraged = sparkTrain("aug-half-avg.safetensors", "--partitions", "1", "--augment", "--augment-for", "0.5",
                "--average-every", "4");
        Path all = sparkTrain("aug-all.safetensors", "--partitions", "1", "--augment");
        assertThat(Files.readAllBytes(halfAveraged)).isEqualTo(Files.readAllBytes(half));
        assertThat(probabilities(half)).isNotEqualTo(probabilities(all));
        assertThat(Digitnet.load(half).training()).containsEntry("augment_for", 0.5);
    }

    @Test
    void averagingWithOnePartitionCarriesBatchNormsRunningStatisticsToDigitnetTrainsModel() {
        List<String> bn = List.of("--layers", "flatten,linear:32,batchnorm,relu,linear:10", "--batch-size", "64", "--epochs", "2",
                "--optimizer", "adam", "--learning-rate", "0.002", "--dev", "500", "--seed", "4");
        Path cli = dir.resolve("cli-bn.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--model", cli.toString(), "--quiet"));
        args.addAll(bn);
        SparkTesting.cli(args.toArray(String[]::new));
        Path averaged = sparkTrain("avg-bn.safetensors", bn, "--partitions", "1", "--average-every", "5");
        assertThat(probabilities(averaged)).isEqualTo(probabilities(cli));
        assertThat(Digitnet.load(averaged).metrics()).isEqualTo(Digitnet.load(cli).metrics());
    }

    @Test
    void averagingTwoPartitionsEveryFourStepsTrainsAModelThatEvaluatesAndRerunsToTheSameBytes() throws Exception {
        List<String> mlp = List.of("--hidden", "128", "--init", "he", "--batch-size", "64", "--epochs", "3", "--optimizer", "adam",
                "--learning-rate", "0.002", "--dev", "500", "--seed", "4");
        Path model = sparkTrain("avg2.safetensors", mlp, "--partitions", "2", "--average-every", "4");
        Path again = sparkTrain("avg2-again.safetensors", mlp, "--partitions", "2", "--average-every", "4");
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(model));
        Path sync = sparkTrain("sync2.safetensors", mlp, "--partitions", "2");
        assertThat(probabilities(model)).as("not the synchronous model").isNotEqualTo(probabilities(sync));
        Map<String, Object> metrics = Digitnet.load(model).metrics();
        assertThat(((Number) metrics.get("dev_accuracy")).doubleValue()).as("dev accuracy").isGreaterThanOrEqualTo(0.8);
        SparkTesting.cli("evaluate", "--model", model.toString(), "--data", data.toString());
    }

    @Test
    void anAveragedRunThatDivergesStopsWithItsLearningRateAndExitCodeOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path model = dir.resolve("diverged.safetensors");
        assertThat(Train.run(spark, e, "--data", data.toString(), "--model", model.toString(), "--hidden", "32",
                "--batch-size", "64", "--epochs", "2", "--optimizer", "sgd", "--learning-rate", "1e30", "--dev", "500",
                "--partitions", "2", "--average-every", "4")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(1)
                .allMatch(l -> l.contains("diverged") && l.contains("learning rate 1.0E30"));
        assertThat(model).doesNotExist();
    }

    @Test
    void aNegativeAverageEveryIsAUsageErrorOfOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Train.run(spark, e, "--data", data.toString(), "--average-every", "-1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(1)
                .allMatch(l -> l.startsWith("digitnet-spark train: error: ") && l.contains("--average-every"));
    }
}
