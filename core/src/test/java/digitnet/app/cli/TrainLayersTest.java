package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.model.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --layers end to end on a small CSV of 8x8 images: training, resume, and each refusal as exit 2 and one line. */
class TrainLayersTest {
    @TempDir Path dir;

    /** 300 rows of 8x8 images, 3 classes: the class draws a bar in one of three places, with noise. */
    Path csv() throws Exception {
        StringBuilder b = new StringBuilder("label");
        for (int j = 0; j < 64; j++) {
            b.append(",pixel").append(j);
        }
        b.append('\n');
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 300; i++) {
            int label = i % 3;
            b.append(label);
            for (int j = 0; j < 64; j++) {
                int row = j / 8, col = j % 8;
                boolean ink = label == 0 ? row == 3 : label == 1 ? col == 4 : row == col;
                b.append(',').append((ink ? 180 : 0) + r.nextInt(60));
            }
            b.append('\n');
        }
        Path p = dir.resolve("bars.csv");
        Files.writeString(p, b);
        return p;
    }

    Cli.Result run(String... args) {
        return Cli.run(args);
    }

    Cli.Result train(String layers, String... more) throws Exception {
        String[] base = {"train", "--data", csv().toString(), "--classes", "3", "--dev", "60", "--layers", layers,
            "--init", "he", "--batch-size", "20", "--optimizer", "adam", "--lr", "0.01", "--model",
            dir.resolve("m.safetensors").toString()};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return run(args);
    }

    @Test
    void trainsAConvnetWithBatchNormAndResumesIt() throws Exception {
        String layers = "conv:4:3:1:1,batchnorm,relu,maxpool:2,flatten,dropout:0.2,linear:3";
        Cli.Result r = train(layers, "--epochs", "2", "--augment");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("network 1x8x8: " + layers);
        ModelFile.Loaded first = ModelFile.load(dir.resolve("m.safetensors"));
        assertThat(first.network().architecture().layers().tokens()).isEqualTo(layers);
        assertThat(first.network().buffers().get(2).value().data[0]).isEqualTo(24f);   // 2 epochs of 12 batches

        Cli.Result resumed = run("train", "--data", csv().toString(), "--classes", "3", "--dev", "60", "--init", "he",
                "--batch-size", "20", "--optimizer", "adam", "--lr", "0.01", "--epochs", "4", "--augment",
                "--resume", dir.resolve("m.safetensors").toString(), "--model",
                dir.resolve("m2.safetensors").toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        ModelFile.Loaded second = ModelFile.load(dir.resolve("m2.safetensors"));
        assertThat(second.network().architecture()).isEqualTo(first.network().architecture());
        assertThat(second.network().buffers().get(2).value().data[0]).isEqualTo(48f);
        assertThat(second.info().metrics().get("dev_accuracy")).isNotNull();
    }

    @Test
    void earlyStoppingRestoresTheRunningStatisticsWithTheWeights() throws Exception {
        Cli.Result r = train("conv:4:3:1:1,batchnorm,relu,maxpool:2,flatten,linear:3", "--epochs", "6", "--patience", "1",
                "--momentum", "0.5", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        int best = root.get("bestEpoch").asInt();
        assertThat(ModelFile.load(dir.resolve("m.safetensors")).network().buffers().get(2).value().data[0])
                .as(r.out()).isEqualTo(12f * best);
    }

    @Test
    void refusesAListThatCannotWorkOnTheDataBeforeTraining() throws Exception {
        Cli.Result r = train("conv:4:3,maxpool:2,maxpool:2,conv:4:3,flatten,linear:3", "--epochs", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("digitnet train: error: --layers: layer 4 of 6 'conv:4:3' (input 4x1x1): "
                + "kernel 3x3 is larger than its input 4x1x1");
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }

    @Test
    void refusesEachKindOfBadListWithExitTwo() throws Exception {
        assertRefused(train("conv:4:3,relu,linear:3"), "layer 3 of 3 'linear:3' (input 4x6x6): a linear layer needs flat features");
        assertRefused(train("flatten,linear:10"), "layer 2 of 2 'linear:10' (input 64x1x1): the last item must be linear:3");
        assertRefused(train("maxpool:16,flatten,linear:3"), "layer 1 of 3 'maxpool:16' (input 1x8x8): pooling 16x16 of its input 1x8x8 leaves nothing");
        assertRefused(train("conv:4:3,swish,flatten,linear:3"), "--layers: layer 2 of 4 'swish': unknown item");
        assertRefused(train("flatten,linear:3", "--hidden", "4"), "give --hidden (a perceptron) or --layers (any network), not both");
        assertRefused(train("flatten,linear:3", "--dropout", "0.2"), "with --layers put dropout:P items in the list");
    }

    private void assertRefused(Cli.Result r, String message) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(dir.resolve("m.safetensors")).doesNotExist();
    }
}
