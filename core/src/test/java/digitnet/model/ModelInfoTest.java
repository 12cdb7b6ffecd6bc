package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.Dataset;
import digitnet.data.InputException;
import digitnet.nn.Architecture;
import digitnet.train.TrainingRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model's description: its input and label checks, and which data sets it accepts. */
class ModelInfoTest {
    private static ModelInfo info(int height, int width, int classes) {
        return new ModelInfo(Architecture.of(height * width, List.of(4), classes), height, width,
                ModelInfo.numberedLabels(classes), TrainingRecord.none(), Map.of());
    }

    private static Dataset data(int height, int width, int classes) {
        return new Dataset(new byte[height * width], new int[] {0}, 1, height, width, classes, "d.csv");
    }

    @Test
    void theInputSizeAndTheLabelCountMustMatchTheNetwork() {
        Architecture a = Architecture.of(12, List.of(), 3);
        assertThatThrownBy(() -> new ModelInfo(a, 3, 5, ModelInfo.numberedLabels(3), TrainingRecord.none(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input 3x5 does not match 12 network inputs");
        assertThatThrownBy(() -> new ModelInfo(a, 3, 4, ModelInfo.numberedLabels(2), TrainingRecord.none(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 class labels for 3 outputs");
        assertThatCode(() -> new ModelInfo(a, 4, 3, ModelInfo.numberedLabels(3), TrainingRecord.none(), Map.of()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> new ModelInfo(a, 4, 3, ModelInfo.numberedLabels(3), null, Map.of()))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void labelsAndMetricsAreCopied() {
        Map<String, Object> metrics = new HashMap<>(Map.of("accuracy", 0.9));
        ModelInfo i = new ModelInfo(Architecture.of(4, List.of(), 2), 2, 2, List.of("no", "yes"), TrainingRecord.none(), metrics);
        metrics.put("loss", 1.0);
        assertThat(i.metrics()).containsOnlyKeys("accuracy");
        assertThat(i.classLabels()).containsExactly("no", "yes");
        assertThat(ModelInfo.numberedLabels(3)).containsExactly("0", "1", "2");
    }

    @Test
    void aDataSetFitsWhenItsImagesHaveTheModelsSizeAndItsLabelsTheModelsClasses() {
        ModelInfo m = info(3, 4, 5);
        assertThatCode(() -> m.requireFits("m.safetensors", data(3, 4, 5))).doesNotThrowAnyException();
        assertThatThrownBy(() -> m.requireFits("m.safetensors", data(4, 3, 5))).isInstanceOf(InputException.class)
                .hasMessage("d.csv: images are 4x3 (12 pixels) but the model m.safetensors expects 3x4 (12 pixels)");
        assertThatThrownBy(() -> m.requireFits("m.safetensors", data(3, 3, 5))).isInstanceOf(InputException.class);
        assertThatThrownBy(() -> m.requireFits("m.safetensors", data(3, 4, 6))).isInstanceOf(InputException.class)
                .hasMessage("d.csv: labels are read as 6 classes but the model m.safetensors has 5");
        assertThatCode(() -> m.requireShape("m.safetensors", data(3, 4, 6))).doesNotThrowAnyException();
    }
}
