package digitnet.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the presets size themselves from the data (docs/training.md, "Presets"). */
class PresetTest {

    static PresetData rows(int trainRows, int height, int width) {
        return new PresetData(trainRows, 1000, 0, 1, height, width, 10);
    }

    @Test
    void fiveHundredRowsReachTheFloorOfSteps() {
        Settings c = Preset.MLP.settings(rows(500, 28, 28), 1);
        // 500 rows: batch 32 (rows / 64 is under 32), 16 batches an epoch; 3,000 steps / 16 = 187.5 -> 188 epochs
        assertThat(c.steps().batchSize()).isEqualTo(32);
        assertThat(c.steps().epochs()).isEqualTo(188);
        assertThat(c.preset().plannedSteps()).isEqualTo(188 * 16).isBetween((long) Preset.MIN_STEPS, Preset.MIN_STEPS + 16L);
        assertThat(c.optimizer().learningRate()).isEqualTo(0.002 * Math.sqrt(32 / 128.0));
    }

    @Test
    void sixtyThousandRowsRespectTheCapOfSteps() {
        Settings c = Preset.MLP.settings(rows(60_000, 28, 28), 1);
        // 60,000 rows: batch 128, 469 batches an epoch; half a step per row (30,000) is capped at 10,000 -> 21 epochs
        assertThat(c.steps().batchSize()).isEqualTo(128);
        assertThat(c.steps().epochs()).isEqualTo(21);
        assertThat(c.preset().plannedSteps()).isEqualTo(21 * 469L).isLessThanOrEqualTo(Preset.MAX_STEPS);
        assertThat(c.optimizer().learningRate()).isEqualTo(0.002);
        Settings cnn = Preset.CNN.settings(rows(60_000, 28, 28), 1);
        assertThat(cnn.steps().batchSize()).isEqualTo(64);
        assertThat(cnn.steps().epochs()).isEqualTo(10);   // 938 batches an epoch: 10 epochs, as 11 would pass the cap
        assertThat(cnn.preset().plannedSteps()).isEqualTo(9380);
    }

    @Test
    void betweenFloorAndCapHalfAStepPerRow() {
        Settings c = Preset.CNN.settings(rows(9000, 28, 28), 1);
        // the embedded sample's 9,000 training rows: batch 64 (141 an epoch), 4,500 steps -> 32 epochs
        assertThat(c.steps().batchSize()).isEqualTo(64);
        assertThat(c.steps().epochs()).isEqualTo(32);
        assertThat(c.preset().plannedSteps()).isEqualTo(32 * 141L);
    }

    @Test
    void augmentationIsOffForTinyImagesAndFittedToTheImageElsewhere() {
        assertThat(Preset.MLP.settings(rows(9000, 7, 7), 1).augment()).isFalse();
        assertThat(Preset.CNN.settings(rows(9000, 8, 8), 1).augment()).isFalse();
        assertThat(Preset.MLP.settings(rows(9000, 1, 64), 1).augment()).isFalse();
        assertThat(Preset.MLP.settings(rows(9000, 11, 40), 1).augment()).isFalse();
        // at 28x28 the standard magnitudes; at 14x14 the elastic displacement is halved with the image
        assertThat(Preset.CNN.settings(rows(9000, 28, 28), 1).augmentation(28, 28))
                .isEqualTo(digitnet.data.Augmenter.Settings.standard());
        assertThat(Preset.MLP.settings(rows(9000, 14, 14), 1).augmentation(14, 14).alpha())
                .isEqualTo(digitnet.data.Augmenter.Settings.standard().alpha() / 2);
        assertThat(Preset.MLP.settings(rows(9000, 14, 14), 1).preset().lines()).anyMatch(d -> d.startsWith("augmentation: shift"));
        assertThat(Preset.MLP.settings(rows(9000, 7, 7), 1).preset().lines()).contains(
                "augmentation: off, the images' shorter side 7 is under 12 pixels");
    }

    @Test
    void accurateIsTheCnnFromEightByEightAndTheMlpBelow() {
        assertThat(Preset.ACCURATE.settings(rows(9000, 1, 50), 1).preset().used()).isEqualTo(Preset.MLP);
        assertThat(Preset.ACCURATE.settings(rows(9000, 7, 7), 1).preset().used()).isEqualTo(Preset.MLP);
        assertThat(Preset.ACCURATE.settings(rows(9000, 8, 8), 1).preset().used()).isEqualTo(Preset.CNN);
        assertThat(Preset.ACCURATE.settings(rows(9000, 28, 28), 1).preset().used()).isEqualTo(Preset.CNN);
        Settings row = Preset.ACCURATE.settings(rows(9000, 1, 50), 1);
        assertThat(layers(row)).isEmpty();
        assertThat(hidden(row)).containsExactly(512, 256);
        assertThat(row).usingRecursiveComparison().ignoringFields("preset").isEqualTo(Preset.MLP.settings(rows(9000, 1, 50), 1));
        Settings image = Preset.ACCURATE.settings(new PresetData(9000, 1000, 0, 1, 8, 8, 3), 1);
        assertThat(image).usingRecursiveComparison().ignoringFields("preset").isEqualTo(Preset.CNN.settings(new PresetData(9000, 1000, 0, 1, 8, 8, 3), 1));
        assertThat(layers(image).get(layers(image).size() - 1))
                .isEqualTo(digitnet.nn.LayerSpec.linear(3));   // the last layer takes the data's classes
    }

    @Test
    void theCnnRefusesImagesItCannotPool() {
        assertThatThrownBy(() -> Preset.CNN.settings(rows(9000, 7, 7), 1)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("Preset.cnn").hasMessageContaining("7x7");
    }

    @Test
    void earlyStoppingOnlyWithDevRows() {
        assertThat(Preset.MLP.settings(new PresetData(9000, 1000, 0, 1, 28, 28, 10), 1).stopping().patience()).isEqualTo(31);
        assertThat(Preset.MLP.settings(new PresetData(9000, 0, 0, 1, 28, 28, 10), 1).stopping().patience()).isZero();
    }

    @Test
    void seedIsTheNotebookWhateverTheData() {
        Settings notebook = Preset.SEED.settings(PresetData.NOMINAL, 4);
        for (PresetData d : List.of(rows(500, 8, 8), rows(60_000, 28, 28), rows(9000, 1, 50))) {
            Settings c = Preset.SEED.settings(d, 4);
            assertThat(c).usingRecursiveComparison().ignoringFields("heldOut", "preset").isEqualTo(notebook);
            assertThat(c.preset().used()).isEqualTo(Preset.SEED);
            assertThat(c.preset().plannedSteps()).isEqualTo(500);
        }
    }

    @Test
    void namesParseAndUnknownOnesAreRefused() {
        assertThat(Preset.parse("ACCURATE")).isEqualTo(Preset.ACCURATE);
        assertThatThrownBy(() -> Preset.parse("fast")).hasMessageStartingWith("Preset.name must be seed, mlp, cnn or accurate");
    }

    static List<Integer> hidden(Settings s) {
        return s.network() instanceof NetworkSpec.Mlp m ? m.hidden() : List.of();
    }

    static List<digitnet.nn.LayerSpec> layers(Settings s) {
        return s.network() instanceof NetworkSpec.Layers l ? l.items() : List.of();
    }
}
