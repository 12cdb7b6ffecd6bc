package digitnet.model;

import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.tensor.Tensor;
import digitnet.train.TrainingRecord;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Writes the CNN seeds of the model-file fuzz targets: two small 8x8 layer-list models with
 * convolutions and batch norm (over channels, and over features after a linear layer), whose
 * running statistics have moved by one training-mode batch. Run with the seed paths as arguments;
 * {@link ModelFileFuzzSeedsTest} checks that the committed seeds are what this writes.
 */
final class CnnFuzzSeeds {
    static final String CONV_BATCHNORM = "conv:2:3:1:1,batchnorm,relu,maxpool:2,flatten,linear:10";
    static final String LINEAR_BATCHNORM = "conv:3:3,relu,avgpool:2,flatten,dropout:0.5,linear:6,batchnorm,relu,linear:10";

    private CnnFuzzSeeds() {}

    public static void main(String[] args) {
        write(Path.of(args[0]), CONV_BATCHNORM, 11);
        write(Path.of(args[1]), LINEAR_BATCHNORM, 12);
    }

    static void write(Path file, String layers, long seed) {
        LayerList list = LayerList.of(Shape.image(8, 8), LayerListSyntax.parse(layers), 10);
        Network n = Network.initialised(Architecture.of(list), Init.HE, seed);
        Tensor x = new Tensor(4, 64);
        Random r = new Random(seed);
        for (int i = 0; i < x.size(); i++) {
            x.data[i] = r.nextFloat();
        }
        n.setNoise(new Random(seed));
        n.forward(x, true);        // running statistics move, one batch counted
        ModelInfo info = new ModelInfo(n.architecture(), 8, 8, ModelInfo.numberedLabels(10), TrainingRecord.none(),
                Map.of("dev_accuracy", 0.5));
        ModelFile.save(file, n, info, Map.of());
    }
}
