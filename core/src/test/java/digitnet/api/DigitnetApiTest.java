package digitnet.api;

import digitnet.train.NetworkSpec;
import digitnet.train.OptimizerSettings;
import digitnet.train.Preset;
import digitnet.train.Progress;
import digitnet.train.ProgressListener;
import digitnet.train.Settings;
import digitnet.train.Steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import digitnet.app.cli.PresetConfigs;
import digitnet.train.HeldOutRows;
import digitnet.train.PresetData;
import digitnet.data.InputException;
import digitnet.data.InvalidSettingException;
import digitnet.eval.Evaluation;
import digitnet.nn.LayerSpec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each entry point of the library does what its Javadoc says. */
class DigitnetApiTest {
    static Digits sample;
    static Model model;
    static List<Progress> reported = new ArrayList<>();
    static int batches;

    @BeforeAll
    static void trainOnce() {
        sample = Digitnet.sample();
        model = Digitnet.train(sample, Settings.quick(), new ProgressListener() {
            @Override
            public void onProgress(Progress p) {
                reported.add(p);
            }

            @Override
            public void onBatch(int epoch, int batch, int total, double loss, double accuracy) {
                batches++;
            }
        });
    }

    @Test
    void theSampleIsTenThousandLabelledDigits() {
        assertThat(sample.count()).isEqualTo(10_000);
        assertThat(sample.height()).isEqualTo(28);
        assertThat(sample.width()).isEqualTo(28);
        assertThat(sample.classes()).isEqualTo(10);
        assertThat(sample.labelled()).isTrue();
        assertThat(sample.image(3)).hasSize(784);
        assertThat(sample.first(5).count()).isEqualTo(5);
        assertThat(sample.first(5).label(4)).isEqualTo(sample.label(4));
    }

    @Test
    void quickTrainingReachesASaneAccuracyAndReportsEachEpoch() {
        assertThat((double) model.metrics().get("dev_accuracy")).isGreaterThan(0.9);
        assertThat(reported).hasSize(3);
        assertThat(reported).extracting(Progress::epoch).containsExactly(1, 2, 3);
        assertThat(model.history()).isEqualTo(reported);
        assertThat(batches).isEqualTo(3 * ((9000 + 63) / 64));
        assertThat(model.architecture()).isEqualTo("784-64-10");
        assertThat(model.training()).containsEntry("seed", 1L).containsEntry("epochs", 3).containsEntry("dev_rows", 1000);
    }

    @Test
    void evaluationOfTheDevRowsMatchesTheRecordedScoreAndThePredictions() {
        Digits dev = model.devRows(sample).orElseThrow();
        assertThat(dev.count()).isEqualTo(1000);
        Evaluation e = model.evaluate(dev);
        assertThat(e.accuracy()).isEqualTo((double) model.metrics().get("dev_accuracy"));
        assertThat(e.loss()).isEqualTo((double) model.metrics().get("dev_loss"));
        Predictions p = model.predict(dev);
        int correct = 0;
        for (int i = 0; i < dev.count(); i++) {
            correct += p.digit(i) == dev.label(i) ? 1 : 0;
            assertThat(e.confusion()[dev.label(i)][p.digit(i)]).isPositive();
        }
        assertThat(e.accuracy()).isEqualTo((double) correct / dev.count());
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) {
        Path file = dir.resolve("m.safetensors");
        model.save(file);
        Model loaded = Digitnet.load(file);
        Digits some = sample.first(500);
        Predictions before = model.predict(some), after = loaded.predict(some);
        assertThat(after.digits()).containsExactly(before.digits());
        assertThat(after.probabilities()).containsExactly(before.probabilities());
        assertThat(loaded.metrics()).isEqualTo(model.metrics());
        assertThat(loaded.labels()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(loaded.source()).isEqualTo(file.toString());
    }

    @Test
    void onePictureGivesWhatTheSetGivesForTheSamePixels() {
        Digits some = sample.first(20);
        Predictions all = model.predict(some);
        for (int i = 0; i < some.count(); i++) {
            Prediction one = model.predict(some.image(i));
            assertThat(one.digit()).isEqualTo(all.digit(i));
            assertThat(one.label()).isEqualTo(String.valueOf(all.digit(i)));
            for (int c = 0; c < 10; c++) {
                assertThat(one.probabilities().get(c)).isEqualTo(all.probability(i, c));
            }
        }
    }

    @Test
    void aBufferedImageAndItsFileArePreparedAsMnistWas(@TempDir Path dir) throws IOException {
        BufferedImage img = darkOnLight(sample.image(0));
        byte[] prepared = Digitnet.prepare(img);
        assertThat(prepared).hasSize(784);
        assertThat(model.predict(img)).isEqualTo(model.predict(prepared));
        Path png = dir.resolve("digit.png");
        ImageIO.write(img, "png", png.toFile());
        assertThat(Digitnet.preparePicture(png)).containsExactly(prepared);
        assertThat(model.predictPicture(png)).isEqualTo(model.predict(prepared));
        assertThat(model.predict(img).digit()).isEqualTo(sample.label(0));
    }

    @Test
    void aCopyPredictsAsTheOriginal() {
        Digits some = sample.first(100);
        assertThat(model.copy().predict(some).digits()).containsExactly(model.predict(some).digits());
    }

    @Test
    void presetsAreTheCommandLinesPresetsForTheSameData() {
        assertThat(Settings.notebook()).isEqualTo(PresetConfigs.config("--preset", "seed"));
        PresetData facts = PresetData.of(sample.dataset(), new HeldOutRows(1000, 0));
        assertThat(Digitnet.preset(Preset.ACCURATE, sample, new HeldOutRows(1000, 0)))
                .isEqualTo(PresetConfigs.config(facts, "--preset", "accurate"));
        assertThat(Digitnet.preset(Preset.CNN, sample, new HeldOutRows(1000, 0))).isEqualTo(PresetConfigs.config(facts, "--preset", "cnn"));
        assertThat(Digitnet.preset(Preset.MLP, sample, new HeldOutRows(1000, 0))).isEqualTo(PresetConfigs.config(facts, "--preset", "mlp"));
        Digits few = sample.first(700);
        PresetData fewFacts = PresetData.of(few.dataset(), new HeldOutRows(200, 100));
        assertThat(Digitnet.preset(Preset.ACCURATE, few, new HeldOutRows(200, 100)))
                .isEqualTo(PresetConfigs.config(fewFacts, "--preset", "accurate", "--dev", "200", "--test", "100"));
        assertThat(Digitnet.preset(Preset.ACCURATE, few, new HeldOutRows(200, 100)).preset().lines()).anyMatch(d -> d.startsWith("steps: 3,"));
        // a row of 50 values: the perceptron, as on the command line
        Digits row = Digitnet.digits(new byte[300 * 50], new int[300], 1, 50, 2, "row.csv");
        assertThat(Digitnet.preset(Preset.ACCURATE, row, new HeldOutRows(50, 0)))
                .isEqualTo(PresetConfigs.config(PresetData.of(row.dataset(), new HeldOutRows(50, 0)), "--preset", "accurate"));
        assertThat(Digitnet.preset(Preset.ACCURATE, row, new HeldOutRows(50, 0)).network()).isEqualTo(NetworkSpec.mlp(512, 256).withDropout(0.1));
    }

    @Test
    void aLayerListNetworkTrainsIsReproducibleAndRoundTrips(@TempDir Path dir) {
        Settings s = Settings.quick().withNetwork(NetworkSpec.layers(LayerSpec.conv(4, 5, 2, 0), LayerSpec.batchNorm(),
                LayerSpec.relu(), LayerSpec.maxPool(2), LayerSpec.flatten(), LayerSpec.linear(10)))
                .withSteps(Steps.miniBatches(32, 1)).withHeldOut(new HeldOutRows(500, 0));
        Digits some = sample.first(3000);
        Model cnn = Digitnet.train(some, s);
        assertThat(cnn.architecture()).isEqualTo("1x28x28: conv:4:5:2,batchnorm,relu,maxpool:2,flatten,linear:10");
        assertThat((double) cnn.metrics().get("dev_accuracy")).isGreaterThan(0.5);
        Model again = Digitnet.train(some, s);
        assertThat(again.predict(some).probabilities()).containsExactly(cnn.predict(some).probabilities());
        Path file = dir.resolve("cnn.safetensors");
        cnn.save(file);
        assertThat(Digitnet.load(file).predict(some).probabilities()).containsExactly(cnn.predict(some).probabilities());
        assertThat(Digitnet.load(file).evaluate(cnn.devRows(some).orElseThrow()).accuracy())
                .isEqualTo((double) cnn.metrics().get("dev_accuracy"));
    }

    @Test
    void badSettingsAreNamedByTheirField() {
        assertThatThrownBy(() -> Settings.quick().withOptimizer(OptimizerSettings.of(OptimizerSettings.Kind.ADAM, -1)))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("OptimizerSettings.learningRate must be");
        assertThatThrownBy(() -> Settings.quick().withSteps(Steps.miniBatches(-5, 3)))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("Steps.batchSize");
        assertThatThrownBy(() -> NetworkSpec.mlp(16).withDropout(1.5))
                .hasMessageStartingWith("NetworkSpec.dropout must be in [0, 1)");
        assertThatThrownBy(() -> Settings.quick().optimizer().withWeightDecay(-1))
                .hasMessageStartingWith("OptimizerSettings.weightDecay");
        assertThatThrownBy(() -> Settings.quick().withHeldOut(new HeldOutRows(-1, 0))).hasMessageStartingWith("HeldOutRows.devRows");
        assertThatThrownBy(() -> Settings.quick().withNetwork(null)).hasMessageStartingWith("Settings.network");
        assertThatThrownBy(() -> NetworkSpec.mlp(0)).hasMessageStartingWith("NetworkSpec.hidden");
        assertThatThrownBy(() -> Digitnet.train(sample.first(100), Settings.quick().withNetwork(
                NetworkSpec.layers(LayerSpec.conv(4, 3), LayerSpec.flatten(), LayerSpec.linear(7))).withHeldOut(new HeldOutRows(10, 0))))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("NetworkSpec.layers")
                .hasMessageContaining("linear:10");
        assertThatThrownBy(() -> Digitnet.train(sample.first(100), Settings.quick()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("leaving none of the 100 to train on");
    }

    @Test
    void badInputsNameTheProblem(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> model.predict(new byte[100])).isInstanceOf(InputException.class)
                .hasMessage("pixels: 100 values, but the model trained on embedded sample mnist-10k.csv.gz reads 28x28 = 784");
        assertThatThrownBy(() -> Digitnet.read(dir.resolve("missing.csv"))).isInstanceOf(InputException.class)
                .hasMessageContaining("missing.csv: no such file");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "label,pixel0\n3,999\n");
        assertThatThrownBy(() -> Digitnet.read(bad)).isInstanceOf(InputException.class).hasMessageContaining("bad.csv:");
        Digits unlabelled = Digitnet.digits(new byte[784 * 3], null, 28, 28, 10, "memory");
        assertThatThrownBy(() -> Digitnet.train(unlabelled, Settings.quick())).isInstanceOf(InputException.class)
                .hasMessage("memory: has no labels; training needs labelled images");
        assertThatThrownBy(() -> model.evaluate(unlabelled)).isInstanceOf(InputException.class)
                .hasMessageContaining("memory: has no labels");
        Digits small = Digitnet.digits(new byte[16 * 2], new int[] {1, 2}, 4, 4, 10, "tiny");
        assertThatThrownBy(() -> model.predict(small)).isInstanceOf(InputException.class)
                .hasMessageContaining("tiny: images are 4x4");
        assertThatThrownBy(() -> Digitnet.digits(new byte[785], null, 28, 28, 10, "odd"))
                .isInstanceOf(InputException.class).hasMessageStartingWith("odd: 785 pixels");
        assertThatThrownBy(() -> Digitnet.digits(new byte[784], new int[] {12}, 28, 28, 10, "labels"))
                .isInstanceOf(InputException.class).hasMessageContaining("label 12");
        assertThatThrownBy(() -> Digitnet.read(bad, null, 1)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("Digitnet.classes must be 2..");
        assertThatThrownBy(() -> Digitnet.downloaded("../etc", Digitnet.Part.TRAIN))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("Digitnet.downloaded.name");
        assertThatThrownBy(() -> Digitnet.downloaded(dir, Digitnet.Part.TEST)).isInstanceOf(InputException.class)
                .hasMessage(dir + ": holds no t10k-images-idx3-ubyte.gz (nor t10k-images-idx3-ubyte); download the data set first");
        assertThatThrownBy(() -> Digitnet.load(dir.resolve("none.safetensors"))).isInstanceOf(InputException.class)
                .hasMessageContaining("none.safetensors");
        assertThatThrownBy(() -> model.predictPicture(bad)).isInstanceOf(InputException.class)
                .hasMessageContaining("bad.csv");
    }

    @Test
    void aDownloadedFolderOfIdxFilesIsRead(@TempDir Path dir) throws IOException {
        Digits five = sample.first(5);
        byte[] images = new byte[16 + 5 * 784];
        java.nio.ByteBuffer.wrap(images).putInt(0x803).putInt(5).putInt(28).putInt(28);
        byte[] labels = new byte[8 + 5];
        java.nio.ByteBuffer.wrap(labels).putInt(0x801).putInt(5);
        for (int i = 0; i < 5; i++) {
            System.arraycopy(five.image(i), 0, images, 16 + i * 784, 784);
            labels[8 + i] = (byte) five.label(i);
        }
        Files.write(dir.resolve("train-images-idx3-ubyte"), images);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);
        Digits read = Digitnet.downloaded(dir, Digitnet.Part.TRAIN);
        assertThat(read.count()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(read.image(i)).containsExactly(five.image(i));
            assertThat(read.label(i)).isEqualTo(five.label(i));
        }
    }

    /** A 112x112 dark-on-light picture of a sample digit, each pixel a 4x4 block. */
    private static BufferedImage darkOnLight(byte[] pixels) {
        BufferedImage img = new BufferedImage(112, 112, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int v = 255 - (pixels[y * 28 + x] & 0xFF);
                g.setColor(new Color(v, v, v));
                g.fillRect(4 * x, 4 * y, 4, 4);
            }
        }
        g.dispose();
        return img;
    }
}
