package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the presets size themselves from the data (docs/training.md, "Presets"). */
class PresetTest {

    static PresetData rows(int trainRows, int height, int width) {
        return new PresetData(trainRows, 1000, 1, height, width, 10);
    }

    @Test
    void fiveHundredRowsReachTheFloorOfSteps() {
        PresetChoice c = Preset.MLP.choose(rows(500, 28, 28), 1);
        // 500 rows: batch 32 (rows / 64 is under 32), 16 batches an epoch; 3,000 steps / 16 = 187.5 -> 188 epochs
        assertThat(c.config().batchSize()).isEqualTo(32);
        assertThat(c.config().epochs()).isEqualTo(188);
        assertThat(c.plannedSteps()).isEqualTo(188 * 16).isBetween((long) PresetSizing.MIN_STEPS, PresetSizing.MIN_STEPS + 16L);
        assertThat(c.config().learningRate()).isEqualTo(0.002 * Math.sqrt(32 / 128.0));
    }

    @Test
    void sixtyThousandRowsRespectTheCapOfSteps() {
        PresetChoice c = Preset.MLP.choose(rows(60_000, 28, 28), 1);
        // 60,000 rows: batch 128, 469 batches an epoch; half a step per row (30,000) is capped at 10,000 -> 21 epochs
        assertThat(c.config().batchSize()).isEqualTo(128);
        assertThat(c.config().epochs()).isEqualTo(21);
        assertThat(c.plannedSteps()).isEqualTo(21 * 469L).isLessThanOrEqualTo(PresetSizing.MAX_STEPS);
        assertThat(c.config().learningRate()).isEqualTo(0.002);
        PresetChoice cnn = Preset.CNN.choose(rows(60_000, 28, 28), 1);
        assertThat(cnn.config().batchSize()).isEqualTo(64);
        assertThat(cnn.config().epochs()).isEqualTo(10);   // 938 batches an epoch: 10 epochs, as 11 would pass the cap
        assertThat(cnn.plannedSteps()).isEqualTo(9380);
    }

    @Test
    void betweenFloorAndCapHalfAStepPerRow() {
        PresetChoice c = Preset.CNN.choose(rows(9000, 28, 28), 1);
        // the embedded sample's 9,000 training rows: batch 64 (141 an epoch), 4,500 steps -> 32 epochs
        assertThat(c.config().batchSize()).isEqualTo(64);
        assertThat(c.config().epochs()).isEqualTo(32);
        assertThat(c.plannedSteps()).isEqualTo(32 * 141L);
    }

    @Test
    void augmentationIsOffForTinyImagesAndFittedToTheImageElsewhere() {
        assertThat(Preset.MLP.choose(rows(9000, 7, 7), 1).config().augment()).isNull();
        assertThat(Preset.CNN.choose(rows(9000, 8, 8), 1).config().augment()).isNull();
        assertThat(Preset.MLP.choose(rows(9000, 1, 64), 1).config().augment()).isNull();
        assertThat(Preset.MLP.choose(rows(9000, 11, 40), 1).config().augment()).isNull();
        // at 28x28 the standard magnitudes; at 14x14 the elastic displacement is halved with the image
        assertThat(Preset.CNN.choose(rows(9000, 28, 28), 1).config().augment())
                .isEqualTo(digitnet.data.Augmenter.Settings.standard());
        assertThat(Preset.MLP.choose(rows(9000, 14, 14), 1).config().augment().alpha())
                .isEqualTo(digitnet.data.Augmenter.Settings.standard().alpha() / 2);
        assertThat(Preset.MLP.choose(rows(9000, 14, 14), 1).decisions()).anyMatch(d -> d.startsWith("augmentation: shift"));
        assertThat(Preset.MLP.choose(rows(9000, 7, 7), 1).decisions()).contains(
                "augmentation: off, the images' shorter side 7 is under 12 pixels");
    }

    @Test
    void accurateIsTheCnnFromEightByEightAndTheMlpBelow() {
        assertThat(Preset.ACCURATE.choose(rows(9000, 1, 50), 1).used()).isEqualTo(Preset.MLP);
        assertThat(Preset.ACCURATE.choose(rows(9000, 7, 7), 1).used()).isEqualTo(Preset.MLP);
        assertThat(Preset.ACCURATE.choose(rows(9000, 8, 8), 1).used()).isEqualTo(Preset.CNN);
        assertThat(Preset.ACCURATE.choose(rows(9000, 28, 28), 1).used()).isEqualTo(Preset.CNN);
        PresetChoice row = Preset.ACCURATE.choose(rows(9000, 1, 50), 1);
        assertThat(row.config().layers()).isEmpty();
        assertThat(row.config().hidden()).containsExactly(512, 256);
        assertThat(row.config()).isEqualTo(Preset.MLP.choose(rows(9000, 1, 50), 1).config());
        PresetChoice image = Preset.ACCURATE.choose(new PresetData(9000, 1000, 1, 8, 8, 3), 1);
        assertThat(image.config()).isEqualTo(Preset.CNN.choose(new PresetData(9000, 1000, 1, 8, 8, 3), 1).config());
        assertThat(image.config().layers().get(image.config().layers().size() - 1))
                .isEqualTo(digitnet.nn.LayerSpec.linear(3));   // the last layer takes the data's classes
    }

    @Test
    void theCnnRefusesImagesItCannotPool() {
        assertThatThrownBy(() -> Preset.CNN.choose(rows(9000, 7, 7), 1)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Preset.cnn").hasMessageContaining("7x7");
    }

    @Test
    void earlyStoppingOnlyWithDevRows() {
        assertThat(Preset.MLP.choose(new PresetData(9000, 1000, 1, 28, 28, 10), 1).config().patience()).isEqualTo(31);
        assertThat(Preset.MLP.choose(new PresetData(9000, 0, 1, 28, 28, 10), 1).config().patience()).isZero();
    }

    @Test
    void seedIsTheNotebookWhateverTheData() {
        TrainConfig notebook = TrainConfig.notebook(4);
        for (PresetData d : List.of(rows(500, 8, 8), rows(60_000, 28, 28), rows(9000, 1, 50))) {
            PresetChoice c = Preset.SEED.choose(d, 4);
            assertThat(c.config()).usingRecursiveComparison().ignoringFields("epochs").isEqualTo(notebook);
            assertThat(c.used()).isEqualTo(Preset.SEED);
            assertThat(c.plannedSteps()).isEqualTo(500);
        }
    }

    @Test
    void namesParseAndUnknownOnesAreRefused() {
        assertThat(Preset.parse("ACCURATE")).isEqualTo(Preset.ACCURATE);
        assertThatThrownBy(() -> Preset.parse("fast")).hasMessageStartingWith("Preset.name must be seed, mlp, cnn or accurate");
    }
}
