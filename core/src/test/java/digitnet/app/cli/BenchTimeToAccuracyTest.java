package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.DataLoader;
import digitnet.data.Dataset;
import digitnet.testing.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code digitnet bench --time-to-accuracy}: both sides train on the same rows and are scored on
 * the same untouched rows; digitnet through its train command with --test-data, the fast recipe
 * through the real scripts/fast_recipe.py with a Python that has PyTorch.
 */
class BenchTimeToAccuracyTest {
    @TempDir Path tmp;

    @Test
    void theTestRowsAreCutFirstDisjointFromTheTrainingRowsAndTheSameEveryTime() {
        Dataset sample = DataLoader.embeddedSample();
        Dataset[] a = BenchTimeToAccuracy.cut(sample, 800, 200), b = BenchTimeToAccuracy.cut(sample, 800, 200);
        assertThat(a[0].count()).isEqualTo(800);
        assertThat(a[1].count()).isEqualTo(200);
        assertThat(a[0].pixels()).isEqualTo(b[0].pixels());
        assertThat(a[1].labels()).isEqualTo(b[1].labels());
        Set<String> train = new HashSet<>();
        for (int i = 0; i < a[0].count(); i++) {
            train.add(row(a[0], i));
        }
        int shared = 0;
        for (int i = 0; i < a[1].count(); i++) {
            shared += train.contains(row(a[1], i)) ? 1 : 0;
        }
        assertThat(shared).isZero();
        // more training rows keep the same test rows
        assertThat(BenchTimeToAccuracy.cut(sample, 5000, 200)[1].pixels()).isEqualTo(a[1].pixels());
        assertThatThrownBy(() -> BenchTimeToAccuracy.cut(sample, 9000, 2000))
                .isInstanceOf(UsageException.class).hasMessageContaining("10,000 rows");
    }

    @Test
    void bothSidesTrainOnTheSameRowsAndAreScoredOnTheUntouchedOnes() throws Exception {
        String python = Python.interpreterWith("torch");
        Path scripts = Files.createDirectories(tmp.resolve("scripts"));      // no launcher beside it: this JVM runs digitnet
        Files.copy(Path.of("../scripts/fast_recipe.py"), scripts.resolve("fast_recipe.py"));
        Cli.Result r = Cli.run("bench", "--time-to-accuracy", "--tta-rows", "600,300", "--tta-budget", "30,60", "--tta-preset", "seed", "--tta-seeds", "2",
                "--tta-epochs", "1", "--python", python, "--scripts", scripts.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("time to accuracy: train on 600 rows, score 300 untouched rows of the embedded sample",
                "--preset seed --max-seconds B --dev 0 --seed S --test-data TEST.csv, B = 30, 60");
        double ours = accuracy(out, "seed 2: digitnet --preset seed --max-seconds 60");
        // each budget is a run of its own, with its own median line
        assertThat(accuracy(out, "seed 2: digitnet --preset seed --max-seconds 30")).as(out).isEqualTo(ours);
        assertThat(out).containsPattern("digitnet --preset seed --max-seconds 30 +\\d\\.\\d{4}")
                .containsPattern("digitnet --preset seed --max-seconds 60 +\\d\\.\\d{4}");
        double recipe1 = accuracy(out, "seed 2: recipe, pytorch .*, 1 thread, 1 epochs");
        double recipe2 = accuracy(out, "seed 2: recipe, pytorch .*, 2 threads, 1 epochs");
        assertThat(ours).as(out).isGreaterThan(0.5);     // the notebook's 500 iterations on 600 digits (well inside the budget): far above chance
        assertThat(recipe1).isBetween(0.0, 1.0);
        assertThat(recipe2).isBetween(0.0, 1.0);
        assertThat(out).contains("median over the seeds").doesNotContainPattern("(?i)\\btargets?\\b");
    }

    @Test
    void withTestViewsDigitnetScoresTheUntouchedRowsByViewsInsideItsBudget() throws Exception {
        Cli.Result r = Cli.run("bench", "--time-to-accuracy", "--tta-test-views", "--tta-rows", "600,300", "--tta-budget", "30",
                "--tta-preset", "seed", "--tta-seeds", "2", "--no-python");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("--preset seed --max-seconds 30 --dev 0 --seed S --test-data TEST.csv --test-views",
                "recipe: not run");
        assertThat(accuracy(r.out(), "seed 2: digitnet --preset seed --max-seconds 30 --test-views")).isGreaterThan(0.5);
    }

    private static double accuracy(String out, String line) {
        Matcher m = Pattern.compile(line + "\\s+accuracy (\\d\\.\\d{4}) in\\s+\\d+\\.\\d\\d s").matcher(out);
        assertThat(m.find()).as(line + " in:\n" + out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String row(Dataset d, int i) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d:", d.labels()[i]));
        for (int j = 0; j < d.features(); j++) {
            s.append(d.pixel(i, j)).append(',');
        }
        return s.toString();
    }
}
