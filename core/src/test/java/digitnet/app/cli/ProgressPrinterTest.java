package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.Init;
import digitnet.train.Progress;
import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.train.Stopping;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
    final Settings miniBatch = Settings.of(new NetworkSpec.Mlp(List.of(32), 0), Init.HE, OptimizerSettings.sgd(0.1), new Steps(32, 4, 0, 1), 1);

    @Test
    void barShowsPositionRateEtaLossAndAccuracy() {
        // epoch 2 of 4, batch 50 of 100: 150 of 400 batches done in 3 s -> 50 batch/s, 250 left -> 5 s
        String bar = ProgressPrinter.bar(2, 4, 50, 100, 150, 400, 3.0, 0.31234, 0.9012);
        assertThat(bar).isEqualTo("epoch 2/4 [############............]  50%  50 batch/s  ETA 0:05  loss 0.3123  acc 0.9012");
        assertThat(ProgressPrinter.clock(3725)).isEqualTo("1:02:05");
        assertThat(ProgressPrinter.clock(59.6)).isEqualTo("1:00");
    }

    @Test
    void barModeRedrawsInPlaceAndClearsBeforeEachLine() {
        StringWriter s = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(s), miniBatch, ProgressPrinter.Mode.BAR);
        p.onBatch(1, 1, 10, 2.0, 0.1);
        p.onBatch(1, 10, 10, 1.0, 0.5);                 // the last batch of an epoch is always drawn
        p.onProgress(new Progress(10, 1, 1.0, 0.5, 0.9, 0.6, 1.5));
        String out = s.toString();
        assertThat(out).startsWith("\repoch 1/4 [##......................]  10%  0 batch/s  ETA --:--  loss 2.0000  acc 0.1000");
        assertThat(out).contains("\repoch 1/4 [########################] 100%");
        assertThat(out).endsWith("\repoch   1  loss 1.0000  train acc 0.5000  dev acc 0.6000  1.50s" + System.lineSeparator());
    }

    @Test
    void linesModePrintsOnlyWholeLinesAndQuietNothing() {
        StringWriter lines = new StringWriter(), quiet = new StringWriter();
        ProgressPrinter l = new ProgressPrinter(new PrintWriter(lines), miniBatch, ProgressPrinter.Mode.LINES);
        ProgressPrinter q = new ProgressPrinter(new PrintWriter(quiet), miniBatch, ProgressPrinter.Mode.QUIET);
        for (ProgressPrinter p : List.of(l, q)) {
            p.onBatch(1, 10, 10, 1.0, 0.5);
            p.onProgress(new Progress(10, 1, 1.0, 0.5, Double.NaN, Double.NaN, 1.5));
        }
        assertThat(lines.toString()).isEqualTo("epoch   1  loss 1.0000  train acc 0.5000  dev acc -  1.50s" + System.lineSeparator());
        assertThat(quiet.toString()).isEmpty();
    }
}
