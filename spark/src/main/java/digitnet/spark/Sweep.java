package digitnet.spark;

import digitnet.api.Digitnet;
import digitnet.api.TrainingRun;
import digitnet.app.cli.TrainOptions;
import digitnet.data.InvalidSettingException;
import digitnet.model.AtomicFile;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spark-submit --class digitnet.spark.Sweep digitnet-spark.jar --vary OPTION=V1,V2 ... --seeds 1,2
 * --table results.csv --model best.safetensors -- TRAIN_OPTIONS}: one {@code digitnet train} run per point
 * of the grid (every combination of the varied options' values, for each seed), the runs spread over the
 * executors, one task each. Writes the results table (the varied settings, seed, dev and train accuracy,
 * steps, seconds), in grid order, and keeps the best model (highest dev accuracy, the first of equals).
 * Training options after {@code --} are the base every point starts from; the data must be readable by the
 * executors (a shared path, or the embedded sample).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a grid of settings and seeds across a Spark cluster; a results table and the best model.")
public final class Sweep implements SparkJob.Options {
    @Option(names = "--vary", paramLabel = "OPTION=V1,V2", description = "A train option and its values, e.g. "
            + "--vary learning-rate=0.001,0.003 --vary hidden=64,128 (values of one option: ',' or ';' between them "
            + "when a value has commas itself, e.g. layers=A;B).")
    List<String> vary = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "S1,S2", split = ",", description = "Seeds of each point (default: 1).")
    List<Long> seeds = new ArrayList<>(List.of(1L));

    @Option(names = "--table", required = true, paramLabel = "FILE", description = "The results table to write (CSV).")
    Path table;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Where to save the best model.")
    Path model;

    @Option(names = "--verbose", description = "Spark's log and stack traces on errors.")
    boolean verbose;

    @Parameters(paramLabel = "TRAIN_OPTIONS", description = "digitnet train's options for every run (after --).")
    List<String> base = new ArrayList<>();

    @Override
    public boolean verbose() {
        return verbose;
    }

    public static void main(String[] args) {
        Sweep s = new Sweep();
        SparkJob.main("sweep", s, args, s::sweep);
    }

    /** Runs in a session of the caller's (tests); returns the exit code. */
    public static int run(SparkSession spark, java.io.PrintStream err, String... args) {
        Sweep s = new Sweep();
        return SparkJob.run("sweep", s, args, spark, s::sweep, err);
    }

    /** One point of the grid: the varied options' values, the seed, and the train options they make. */
    record Point(Map<String, String> values, long seed, List<String> args) implements Serializable {
        String settings() {
            StringBuilder s = new StringBuilder();
            values.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append("--").append(k).append(' ').append(v));
            return s.toString();
        }
    }

    /** A point's run: its scores, its seconds and its model file's bytes. */
    record Result(double devAccuracy, double trainAccuracy, int steps, double seconds, byte[] model) implements Serializable {}

    private int sweep(SparkSession spark) {
        List<Point> points = grid();
        for (Point p : points) {
            parse(p.args());      // every point's options are checked on the driver before any runs,
        }
        parse(points.get(0).args()).request();     // and the data and the first point's settings
        System.out.printf(Locale.ROOT, "sweep: %d runs (%d settings x %d seeds)%n", points.size(),
                points.size() / seeds.size(), seeds.size());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Result> results = jsc.parallelize(points, points.size()).map(Sweep::train).collect();
        int best = 0;
        StringBuilder csv = new StringBuilder("settings,seed,dev_accuracy,train_accuracy,steps,seconds\n");
        for (int i = 0; i < points.size(); i++) {
            Result r = results.get(i);
            csv.append('"').append(points.get(i).settings()).append("\",").append(points.get(i).seed())
                    .append(String.format(Locale.ROOT, ",%.4f,%.4f,%d,%.2f%n", r.devAccuracy(), r.trainAccuracy(),
                            r.steps(), r.seconds()));
            if (r.devAccuracy() > results.get(best).devAccuracy()) {
                best = i;
            }
        }
        byte[] bestModel = results.get(best).model();
        AtomicFile.write(model, out -> out.write(bestModel));
        AtomicFile.write(table, out -> out.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
        System.out.print(csv);
        System.out.printf(Locale.ROOT, "best: %s --seed %d, dev accuracy %.4f; model saved to %s; table %s%n",
                points.get(best).settings(), points.get(best).seed(), results.get(best).devAccuracy(), model, table);
        return 0;
    }

    // every combination of the varied values, the first --vary outermost, for each seed
    private List<Point> grid() {
        List<Map<String, String>> combos = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (String v : vary) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) {
                throw new InvalidSettingException("Sweep", "vary", v + ": give OPTION=V1,V2");
            }
            String option = v.substring(0, eq).replaceFirst("^--", "");
            String values = v.substring(eq + 1);
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String value : values.split(values.contains(";") ? ";" : ",")) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(option, value);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Point> points = new ArrayList<>();
        for (Map<String, String> c : combos) {
            for (long seed : seeds) {
                List<String> args = new ArrayList<>();
                for (int i = 0; i < base.size(); i++) {
                    String a = base.get(i);
                    String name = a.startsWith("--") ? a.substring(2).split("=", 2)[0] : null;
                    if (name != null && (c.containsKey(name) || name.equals("seed") || name.equals("model"))) {
                        if (!a.contains("=") && i + 1 < base.size()) {
                            i++;          // the option's value goes with it
                        }
                        continue;
                    }
                    args.add(a);
                }
                c.forEach((k, v) -> args.addAll(List.of("--" + k, v)));
                args.addAll(List.of("--seed", Long.toString(seed)));
                points.add(new Point(c, seed, args));
            }
        }
        return points;
    }

    private static TrainOptions parse(List<String> args) {
        TrainOptions o = new TrainOptions();
        try {
            new CommandLine(o).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new InvalidSettingException("Sweep", "train options", String.join(" ", args) + ": " + e.getMessage());
        }
        return o;
    }

    // one run on an executor, as digitnet train runs it
    private static Result train(Point p) throws IOException {
        TrainOptions.Request r = parse(p.args()).request();
        long t0 = System.nanoTime();
        TrainingRun run = Digitnet.run(r.data(), r.settings(), progress -> { });
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path dir = Files.createTempDirectory("digitnet-sweep");
        Path f = dir.resolve("model.safetensors");
        try {
            run.model().save(f);
            return new Result(run.dev() == null ? Double.NaN : run.dev().accuracy(), run.train().accuracy(), run.steps(),
                    seconds, Files.readAllBytes(f));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        }
    }
}
