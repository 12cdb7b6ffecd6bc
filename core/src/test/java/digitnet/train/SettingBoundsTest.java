package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.InvalidSettingException;
import digitnet.nn.Init;
import digitnet.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every bound of the training settings' records, at the bound and one past it, each refusal naming its record and field. */
class SettingBoundsTest {

    static void refused(Runnable make, String message) {
        assertThatThrownBy(make::run).isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @Test
    void presetDataNeedsARowAPixelAChannelAndTwoClasses() {
        assertThatCode(() -> new PresetData(1, 0, 0, 1, 1, 1, 2)).doesNotThrowAnyException();
        refused(() -> new PresetData(0, 0, 0, 1, 1, 1, 2), "PresetData.trainRows must be >= 1, got 0");
        refused(() -> new PresetData(1, -1, 0, 1, 1, 1, 2), "HeldOutRows.devRows must be >= 0, got -1");
        refused(() -> new PresetData(1, 0, 0, 0, 1, 1, 2), "PresetData.channels must be >= 1, got 0");
        refused(() -> new PresetData(1, 0, 0, 1, 0, 1, 2), "PresetData.height must be >= 1, got 0");
        refused(() -> new PresetData(1, 0, 0, 1, 1, 0, 2), "PresetData.width must be >= 1, got 0");
        refused(() -> new PresetData(1, 0, 0, 1, 1, 1, 1), "PresetData.classes must be >= 2, got 1");
    }

    @Test
    void presetDataOfADataSetLeavesItsHeldOutRowsOut() {
        var all = Fixtures.sample(50);
        PresetData d = PresetData.of(all, new HeldOutRows(10, 5));
        assertThat(d.trainRows()).isEqualTo(35);
        assertThat(d.devRows()).isEqualTo(10);
        assertThat(d).isEqualTo(new PresetData(35, 10, 5, 1, all.height(), all.width(), all.classes()));
        assertThat(PresetData.of(all, new HeldOutRows(40, 9)).trainRows()).isEqualTo(1);
        refused(() -> PresetData.of(all, new HeldOutRows(40, 10)),
                "HeldOutRows.devRows and testRows hold out 40 + 10 rows, leaving none of the 50 to train on");
    }

    static Settings config(int iterations, int epochs, int batchSize, int every, int patience) {
        return new Settings(new NetworkSpec.Mlp(List.of(4), 0), Init.HE, OptimizerSettings.sgd(0.1), new Schedule.Constant(), new Steps(batchSize, epochs, iterations, every), false, new Stopping(patience, 0), new HeldOutRows(0, 0), 1, null);
    }

    @Test
    void trainConfigCountsStartAtZeroAndReportsAtOne() {
        assertThatCode(() -> config(0, 0, 0, 1, 0)).doesNotThrowAnyException();
        refused(() -> config(-1, 0, 0, 1, 0), "Steps.iterations must be >= 0, got -1");
        refused(() -> config(0, -1, 0, 1, 0), "Steps.epochs must be >= 0, got -1");
        refused(() -> config(0, 0, -1, 1, 0), "Steps.batchSize must be >= 0, got -1");
        refused(() -> config(0, 0, 0, 0, 0), "Steps.progressEvery must be >= 1, got 0");
        refused(() -> config(0, 0, 0, 1, -1), "Stopping.patience must be >= 0, got -1");
    }

    static Settings rates(double learningRate, double dropout, double maxSeconds) {
        return new Settings(new NetworkSpec.Mlp(List.of(4), dropout), Init.HE, OptimizerSettings.sgd(learningRate), new Schedule.Constant(), new Steps(0, 0, 1, 1), false, new Stopping(0, maxSeconds), new HeldOutRows(0, 0), 1, null);
    }

    @Test
    void trainConfigRatesArePositiveDropoutBelowOneAndTheBudgetNotNegative() {
        assertThatCode(() -> rates(Double.MIN_VALUE, 0, 0)).doesNotThrowAnyException();
        assertThatCode(() -> rates(0.1, 0.999, 1e-9)).doesNotThrowAnyException();
        refused(() -> rates(0, 0, 0), "OptimizerSettings.learningRate must be a positive number, got 0.0");
        refused(() -> rates(Double.NaN, 0, 0), "OptimizerSettings.learningRate must be a positive number, got NaN");
        refused(() -> rates(Double.POSITIVE_INFINITY, 0, 0),
                "OptimizerSettings.learningRate must be a positive number, got Infinity");
        refused(() -> rates(0.1, 1, 0), "NetworkSpec.dropout must be in [0, 1), got 1.0");
        refused(() -> rates(0.1, -0.01, 0), "NetworkSpec.dropout must be in [0, 1), got -0.01");
        refused(() -> rates(0.1, 0, -1e-9), "Stopping.maxSeconds must be >= 0, got -1.0E-9");
        refused(() -> rates(0.1, 0, Double.POSITIVE_INFINITY), "Stopping.maxSeconds must be >= 0, got Infinity");
    }
}
