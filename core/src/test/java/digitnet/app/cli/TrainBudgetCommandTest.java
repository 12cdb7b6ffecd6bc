package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.testing.BudgetEnd;
import digitnet.train.StopReason;
import digitnet.train.TrainResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --max-seconds}: the end of the budget is a normal end, in words and in the JSON summary. */
class TrainBudgetCommandTest {
    @TempDir Path dir;

    @Test
    void theStopLineSaysTheBudgetEndedTheRunAnnealed() {
        TrainResult r = new TrainResult(List.of(), 30, 30.0, 3, -1, StopReason.BUDGET, 4.866e-5);
        assertThat(TrainOutput.howItEnded(r)).isEqualTo("ended at the time budget, learning rate annealed to 4.87e-05");
        assertThat(TrainOutput.howItEnded(StopReason.BUDGET, 1.0, true))
                .as("a constant rate is not annealed").isEqualTo("ended at the time budget, learning rate 1.00 (constant)");
        assertThat(TrainOutput.howItEnded(new TrainResult(List.of(), 30, 30.0, 3, -1, StopReason.COMPLETED, 0)))
                .isEqualTo("stopped: completed");
    }

    /**
     * A million epochs cannot end in half a second: the budget ends the run (exit code 0), mid-epoch
     * or not, once the budget is spent, and annealed: the last rate is at most the cosine's at the
     * share of the budget spent before the last step began ({@link BudgetEnd}).
     */
    @Test
    void aBudgetRunExitsNormallyAndSaysSoInJson() throws Exception {
        TrainCommandLearnTest cli = new TrainCommandLearnTest();
        cli.dir = dir;
        Path csv = cli.smallCsv();
        String json = cli.run("train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--hidden", "8",
                "--init", "he", "--batch-size", "4", "--epochs", "1000000", "--optimizer", "adam", "--lr", "0.01",
                "--schedule", "cosine", "--warmup", "1", "--max-seconds", "0.5", "--json",
                "--model", dir.resolve("m.safetensors").toString());
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("stopReason").asText()).isEqualTo("budget");
        assertThat(root.get("epochs").asInt()).isLessThan(1_000_000);
        long perEpoch = 200 / 4;                         // 240 rows less 40 dev rows, in batches of 4
        // the budget is the whole command: the loop ended before it, leaving the reading before it and the
        // scoring and saving after it their share
        assertThat(root.get("iterations").asLong()).isPositive();
        assertThat(root.get("trainSeconds").asDouble()).as("the loop's seconds").isLessThan(0.5);

        JsonNode history = root.get("history");
        double before = history.size() < 2 ? 0 : history.get(history.size() - 2).get("seconds").asDouble();
        double ceiling = BudgetEnd.cosineCeiling(0.01, 1_000_000L * perEpoch, perEpoch, before, 0.5);
        assertThat(root.get("lastLearningRate").asDouble())
                .as("the last rate, %.3f s of the 0.5 s budget spent before its step", before)
                .isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(ceiling);
    }

    /**
     * A budget spent before the loop (here 1 ms: reading the file takes longer) still trains the loop's first step,
     * and the command says so on stderr instead of letting an untrained model pass for a finished run; a budget
     * the run fits in says nothing.
     */
    @Test
    void aBudgetSpentBeforeTrainingIsSaidInOneLine() throws Exception {
        TrainCommandLearnTest cli = new TrainCommandLearnTest();
        cli.dir = dir;
        Path csv = cli.smallCsv();
        String[] common = {"train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--hidden", "8",
                "--batch-size", "4", "--epochs", "2", "--json", "--model", dir.resolve("m.safetensors").toString()};
        for (String budget : new String[] {"0.001", "60"}) {
            java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
            picocli.CommandLine line = Main.commandLine();
            line.setOut(new java.io.PrintWriter(out));
            line.setErr(new java.io.PrintWriter(err));
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                    java.util.stream.Stream.of("--max-seconds", budget)).toArray(String[]::new);
            assertThat(line.execute(args)).as(err.toString()).isEqualTo(ExitCodes.OK);
            JsonNode root = new ObjectMapper().readTree(out.toString());
            String note = "note: the --max-seconds budget of " + budget + " s was spent by the end of the first training step";
            if (budget.equals("60")) {
                assertThat(root.get("iterations").asInt()).isEqualTo(100);
                assertThat(err.toString()).doesNotContain("note:");
            } else {
                assertThat(root.get("iterations").asInt()).isEqualTo(1);
                assertThat(root.get("stopReason").asText()).isEqualTo("budget");
                assertThat(err.toString().lines().filter(l -> l.startsWith("note:"))).containsExactly(
                        note + " (reading the data and sizing the network count too); the model has one training step:"
                                + " give a larger budget");
            }
        }
    }

    /** The text summary says "annealed" only of a schedule that anneals: a constant rate is named as such. */
    @Test
    void theTextSummaryNamesAConstantRateAsConstant() throws Exception {
        TrainCommandLearnTest cli = new TrainCommandLearnTest();
        cli.dir = dir;
        Path csv = cli.smallCsv();
        for (String schedule : new String[] {"constant", "cosine"}) {
            String out = cli.run("train", "--data", csv.toString(), "--classes", "3", "--dev", "40", "--hidden", "8",
                    "--batch-size", "4", "--epochs", "1000000", "--schedule", schedule, "--max-seconds", "0.3",
                    "--model", dir.resolve("m.safetensors").toString());
            String done = out.lines().filter(l -> l.startsWith("done:")).findFirst().orElseThrow();
            if (schedule.equals("constant")) {
                assertThat(done).contains("ended at the time budget, learning rate ").endsWith("(constant)")
                        .doesNotContain("annealed");
            } else {
                assertThat(done).contains("ended at the time budget, learning rate annealed to ");
            }
        }
    }
}
