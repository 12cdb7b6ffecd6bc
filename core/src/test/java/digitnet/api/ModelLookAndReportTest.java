package digitnet.api;

import digitnet.train.HeldOutRows;
import digitnet.train.NetworkSpec;
import digitnet.train.Settings;
import digitnet.train.Steps;
import digitnet.nn.Init;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.data.InputException;
import digitnet.eval.Evaluation;
import digitnet.nn.LayerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line's show and report and the web page's feature maps use: look, writeReport, named. */
class ModelLookAndReportTest {
    static Digits rows;
    static Model conv;
    static Model mlp;

    @BeforeAll
    static void trainTwoSmallModels() {
        rows = Digitnet.sample().first(600);
        Settings small = Settings.quick().withSteps(Steps.miniBatches(50, 1)).withHeldOut(new HeldOutRows(100, 0));
        conv = Digitnet.train(rows, small.withNetwork(NetworkSpec.layers(LayerSpec.conv(4, 3, 1, 1), LayerSpec.relu(),
                LayerSpec.maxPool(2), LayerSpec.conv(6, 3), LayerSpec.avgPool(2), LayerSpec.flatten(),
                LayerSpec.linear(10))).withInit(Init.HE));
        mlp = Digitnet.train(rows, small.withNetwork(NetworkSpec.mlp(16)));
    }

    @Test
    void lookGivesThePredictionAndTheMapsOfEachConvolutionAndPoolingLayer() {
        assertThat(conv.hasFeatureMaps()).isTrue();
        for (int i = 0; i < 5; i++) {
            Look look = conv.look(rows.image(i));
            assertSamePrediction(look.prediction(), conv.predict(rows.image(i)));
            assertThat(look.maps()).extracting(FeatureMap::layer).containsExactly(0, 2, 3, 4);
            assertThat(look.maps()).extracting(FeatureMap::kind).containsExactly("conv", "maxpool", "conv", "avgpool");
            FeatureMap pool = look.maps().get(1), conv2 = look.maps().get(2);
            assertThat(List.of(pool.channels(), pool.height(), pool.width())).containsExactly(4, 14, 14);
            assertThat(List.of(conv2.channels(), conv2.height(), conv2.width())).containsExactly(6, 12, 12);
            // max pooling 2x2 of the ReLU of the first convolution's output, recomputed from the first map
            FeatureMap first = look.maps().get(0);
            for (int c = 0; c < 4; c++) {
                for (int r = 0; r < 14; r++) {
                    for (int col = 0; col < 14; col++) {
                        float max = Math.max(Math.max(first.value(c, 2 * r, 2 * col), first.value(c, 2 * r, 2 * col + 1)),
                                Math.max(first.value(c, 2 * r + 1, 2 * col), first.value(c, 2 * r + 1, 2 * col + 1)));
                        assertThat(pool.value(c, r, col)).isEqualTo(Math.max(0f, max));
                    }
                }
            }
        }
    }

    // one image at a time and a batch through the predictor may round the last bit differently
    static void assertSamePrediction(Prediction a, Prediction b) {
        assertThat(a.digit()).isEqualTo(b.digit());
        for (int c = 0; c < a.probabilities().size(); c++) {
            assertThat(a.probabilities().get(c)).isCloseTo(b.probabilities().get(c), org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void aPerceptronHasNoMapsAndLooksAsItPredicts() {
        assertThat(mlp.hasFeatureMaps()).isFalse();
        Look look = mlp.look(rows.image(7));
        assertThat(look.maps()).isEmpty();
        assertSamePrediction(look.prediction(), mlp.predict(rows.image(7)));
        assertThatThrownBy(() -> mlp.look(new byte[10])).isInstanceOf(InputException.class).hasMessageContaining("10 values");
    }

    @Test
    void featureMapsAreCopiesThatCannotBeChangedFromOutside() {
        FeatureMap m = conv.look(rows.image(1)).maps().get(0);
        float before = m.value(0, 5, 5);
        m.values()[5 * 28 + 5] = before + 1;
        assertThat(m.value(0, 5, 5)).isEqualTo(before);
        assertThatThrownBy(() -> m.value(4, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theReportScoresAsEvaluateAndWritesItsPage(@TempDir Path dir) throws Exception {
        Digits dev = conv.devRows(rows).orElseThrow();
        Evaluation written = conv.writeReport(dir, dev, "a test report");
        Evaluation evaluated = conv.evaluate(dev);
        assertThat(written.accuracy()).isEqualTo(evaluated.accuracy());
        assertThat(written.confusion()).isEqualTo(evaluated.confusion());
        assertThat(written.count()).isEqualTo(100);
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("a test report");
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".png")).count()).isGreaterThan(0);
        assertThatThrownBy(() -> conv.writeReport(dir, Digitnet.digits(new byte[64], new int[] {1}, 8, 8, 10, "tiny"), "x"))
                .isInstanceOf(InputException.class).hasMessageContaining("tiny");
    }

    @Test
    void devRowsAreFoundByNameAndContent() {
        assertThat(conv.devRows(rows)).isPresent();
        assertThat(conv.devRows(rows.named("another name"))).isEmpty();
        Digits renamed = rows.named("another name").named(rows.source());
        assertThat(conv.devRows(renamed).orElseThrow().image(3)).isEqualTo(conv.devRows(rows).orElseThrow().image(3));
        assertThat(conv.devRows(Digitnet.sample().first(601))).isEmpty();
        assertThatThrownBy(() -> rows.named(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
