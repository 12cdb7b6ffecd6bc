package digitnet.spark;

import digitnet.api.Digitnet;
import digitnet.api.Digits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scaling measurement of docs/spark.md (not a test): on a standalone cluster of two one-core workers on
 * this machine, the wall time of Predict and Train through SparkSubmit with one executor and with two.
 * Run after {@code mvn -pl spark verify} (the jar and target/spark-home), from spark/:
 * {@code java -cp "target/test-classes:target/classes:$(cat target/test-cp.txt)" digitnet.spark.SparkScaling}
 * (the classpath: {@code mvn -pl spark dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt}).
 */
public final class SparkScaling {
    private SparkScaling() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("digitnet-scaling");
        Path jar = Path.of("target/digitnet-spark.jar").toAbsolutePath();
        Digits all = Digitnet.sample();
        Path folder = dir.resolve("images");
        for (int i = 0; i < 4; i++) {   // 4 files of 2,500 rows, scored 4 times over: 40,000 rows
            for (int copy = 0; copy < 4; copy++) {
                SparkTesting.writeCsv(all, i * 2500, (i + 1) * 2500, folder.resolve("part-" + copy + "-" + i + ".csv"), false);
            }
        }
        Path data = SparkTesting.writeCsv(all, 0, all.count(), dir.resolve("train.csv"), true);
        Path model = SparkTesting.trainedModel(dir);
        List<String[]> jobs = List.of(
                new String[] {"predict 40,000 rows", "digitnet.spark.Predict", "--model " + model + " --data " + folder + " --out " + dir.resolve("out")},
                new String[] {"train mlp 128, batch 512, 2 epochs", "digitnet.spark.Train",
                    "--data " + data + " --hidden 128 --batch-size 512 --epochs 2 --optimizer adam --learning-rate 0.002 --model " + dir.resolve("m.safetensors")},
                new String[] {"train notebook, full batch, 50 iterations", "digitnet.spark.Train",
                    "--data " + data + " --iterations 50 --model " + dir.resolve("n.safetensors")});
        try (StandaloneCluster cluster = new StandaloneCluster(Path.of("target/spark-home").toAbsolutePath(),
                Files.createDirectories(dir.resolve("cluster")), 2, "1g")) {
            for (String[] job : jobs) {
                for (int executors = 1; executors <= 2; executors++) {
                    List<String> a = new ArrayList<>(List.of(job[2].split(" ")));
                    if (job[1].endsWith("Train")) {
                        a.addAll(List.of("--partitions", "" + executors));
                    }
                    long t0 = System.nanoTime();
                    StandaloneCluster.Run run = cluster.submit(jar, job[1], executors, a);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    String last = run.out().lines().filter(l -> l.startsWith("done:") || l.startsWith("wrote")).findFirst().orElse(run.err());
                    System.out.printf(Locale.ROOT, "%-45s executors %d: %6.1f s spark-submit to exit; %s%n", job[0], executors,
                            seconds, last);
                }
            }
        }
    }
}
