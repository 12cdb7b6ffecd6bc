package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.testing.Fixtures;
import digitnet.model.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train command end to end, in process. */
class TrainCommandTest {

    @Test
    void jsonSummaryOnStdoutProgressOnStderrAndALoadableModel(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "--iterations", "30", "--every", "10", "--model", model.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("iterations").asInt()).isEqualTo(30);
        assertThat(j.get("devAccuracy").asDouble()).isBetween(0.3, 1.0);
        assertThat(j.get("trainSeconds").asDouble()).isPositive();
        assertThat(j.get("model").asText()).isEqualTo(model.toString());
        assertThat(r.err()).contains("iteration    0", "iteration   10", "iteration   20", "iteration   29");
        ModelFile.Loaded loaded = ModelFile.load(model);
        assertThat(loaded.network().architecture().toString()).isEqualTo("784-10-10");
        assertThat(loaded.info().metrics().get("dev_accuracy")).isEqualTo(j.get("devAccuracy").asDouble());
    }

    @Test
    void badDataGivesOneLineAndExitCodeThreeAndNoModel(@TempDir Path dir) {
        Path model = dir.resolve("m.safetensors");
        Path bad = Fixtures.fixture("csv/pixel-256.csv");
        Cli.Result r = Cli.run("train", "--data", bad.toString(), "--dev", "0", "--model", model.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(bad + ":2:6:").doesNotContain("Exception");
        assertThat(Files.exists(model)).isFalse();
    }

    @Test
    void divergenceExitsWithCodeOneAndWritesNoModel(@TempDir Path dir) {
        Path model = dir.resolve("m.safetensors");
        Cli.Result r = Cli.run("train", "--iterations", "50", "--learning-rate", "1e20", "--model", model.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("diverged", "learning rate 1.0E20");
        assertThat(Files.exists(model)).isFalse();
    }

    @Test
    void aMissingOutputDirectoryIsNamed(@TempDir Path dir) {
        Path model = dir.resolve("missing/m.safetensors");
        Cli.Result r = Cli.run("train", "--iterations", "1", "--model", model.toString());
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        Cli.Result r = Cli.run("train", "--hidden", "ten");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--hidden").contains("Try 'digitnet train --help'");
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        Cli.Result r = Cli.run("train", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--hidden", "--learning-rate", "--seed", "--iterations", "--batch-size",
                "--model", "digitnet-model.safetensors", "--json", "Default: 1000",
                // the seed preset's values are the defaults, listed where --preset is described
                "seed: --hidden 10 --init uniform --batch-size 0", "--iterations 500 --learning-rate 1 --every 10");
    }
}
