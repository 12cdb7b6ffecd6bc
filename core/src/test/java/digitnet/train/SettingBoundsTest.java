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
        assertThatCode(() -> new PresetData(1, 0, 1, 1, 1, 2)).doesNotThrowAnyException();
        refused(() -> new PresetData(0, 0, 1, 1, 1, 2), "PresetData.trainRows must be >= 1, got 0");
        refused(() -> new PresetData(1, -1, 1, 1, 1, 2), "PresetData.devRows must be >= 0, got -1");
        refused(() -> new PresetData(1, 0, 0, 1, 1, 2), "PresetData.channels must be >= 1, got 0");
        refused(() -> new PresetData(1, 0, 1, 0, 1, 2), "PresetData.height must be >= 1, got 0");
        refused(() -> new PresetData(1, 0, 1, 1, 0, 2), "PresetData.width must be >= 1, got 0");
        refused(() -> new PresetData(1, 0, 1, 1, 1, 1), "PresetData.classes must be >= 2, got 1");
    }

    @Test
    void presetDataOfADataSetLeavesItsHeldOutRowsOut() {
        var all = Fixtures.sample(50);
        PresetData d = PresetData.of(all, 10, 5);
        assertThat(d.trainRows()).isEqualTo(35);
        assertThat(d.devRows()).isEqualTo(10);
        assertThat(d).isEqualTo(new PresetData(35, 10, 1, all.height(), all.width(), all.classes()));
        assertThat(PresetData.of(all, 40, 9).trainRows()).isEqualTo(1);
        refused(() -> PresetData.of(all, 40, 10),
                "PresetData.trainRows dev and test rows (40 + 10) leave none of the 50 rows to train on");
    }

    static TrainConfig config(int iterations, int epochs, int batchSize, int every, int patience) {
        return new TrainConfig(List.of(4), Init.HE, iterations, epochs, batchSize, 0.1, every, 1, OptimizerConfig.sgd(),
                new Schedule.Constant(), 0, null, patience, 0);
    }

    @Test
    void trainConfigCountsStartAtZeroAndReportsAtOne() {
        assertThatCode(() -> config(0, 0, 0, 1, 0)).doesNotThrowAnyException();
        refused(() -> config(-1, 0, 0, 1, 0), "TrainConfig.iterations must be >= 0, got -1");
        refused(() -> config(0, -1, 0, 1, 0), "TrainConfig.epochs must be >= 0, got -1");
        refused(() -> config(0, 0, -1, 1, 0), "TrainConfig.batchSize must be >= 0, got -1");
        refused(() -> config(0, 0, 0, 0, 0), "TrainConfig.every must be >= 1, got 0");
        refused(() -> config(0, 0, 0, 1, -1), "TrainConfig.patience must be >= 0, got -1");
    }

    static TrainConfig rates(double learningRate, double dropout, double maxSeconds) {
        return new TrainConfig(List.of(4), Init.HE, 1, 0, 0, learningRate, 1, 1, OptimizerConfig.sgd(),
                new Schedule.Constant(), dropout, null, 0, maxSeconds);
    }

    @Test
    void trainConfigRatesArePositiveDropoutBelowOneAndTheBudgetNotNegative() {
        assertThatCode(() -> rates(Double.MIN_VALUE, 0, 0)).doesNotThrowAnyException();
        assertThatCode(() -> rates(0.1, 0.999, 1e-9)).doesNotThrowAnyException();
        refused(() -> rates(0, 0, 0), "TrainConfig.learningRate must be a positive number, got 0.0");
        refused(() -> rates(Double.NaN, 0, 0), "TrainConfig.learningRate must be a positive number, got NaN");
        refused(() -> rates(Double.POSITIVE_INFINITY, 0, 0),
                "TrainConfig.learningRate must be a positive number, got Infinity");
        refused(() -> rates(0.1, 1, 0), "TrainConfig.dropout must be in [0, 1), got 1.0");
        refused(() -> rates(0.1, -0.01, 0), "TrainConfig.dropout must be in [0, 1), got -0.01");
        refused(() -> rates(0.1, 0, -1e-9), "TrainConfig.maxSeconds must be >= 0, got -1.0E-9");
        refused(() -> rates(0.1, 0, Double.POSITIVE_INFINITY), "TrainConfig.maxSeconds must be >= 0, got Infinity");
    }
}
