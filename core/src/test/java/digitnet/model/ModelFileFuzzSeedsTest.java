package digitnet.model;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.nn.BatchNorm;
import digitnet.nn.Buffer;
import digitnet.nn.Conv2d;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-file fuzz targets start from valid files of every kind: the committed CNN seeds load
 * as layer-list models with convolutions, batch norm and a counted batch, identically in both
 * targets' input directories, and resealing leaves a valid file unchanged.
 */
class ModelFileFuzzSeedsTest {
    static final Path LOAD = Path.of("src/test/resources/digitnet/model/ModelFileFuzzTestInputs/load");
    static final Path RESEALED = Path.of("src/test/resources/digitnet/model/ModelFileResealedFuzzTestInputs/resealed");

    @Test
    void committedCnnSeedsAreWhatTheGeneratorWrites(@TempDir Path dir) throws Exception {
        CnnFuzzSeeds.main(new String[] {dir.resolve("a").toString(), dir.resolve("b").toString()});
        assertThat(Files.readAllBytes(dir.resolve("a"))).isEqualTo(Files.readAllBytes(LOAD.resolve("tiny-8x8-conv-batchnorm-model")));
        assertThat(Files.readAllBytes(dir.resolve("b")))
                .isEqualTo(Files.readAllBytes(LOAD.resolve("tiny-8x8-conv-avgpool-linear-batchnorm-model")));
    }

    @Test
    void cnnSeedsAreValidLayerListModelsWithBatchNorm() throws Exception {
        for (String seed : List.of("tiny-8x8-conv-batchnorm-model", "tiny-8x8-conv-avgpool-linear-batchnorm-model")) {
            byte[] bytes = Files.readAllBytes(LOAD.resolve(seed));
            assertThat(Files.readAllBytes(RESEALED.resolve(seed))).isEqualTo(bytes);
            assertThat(ModelFileFuzzTest.reseal(bytes)).isEqualTo(bytes);
            ModelFile.Loaded m = ModelFile.load(LOAD.resolve(seed));
            assertThat(m.info().architecture().isLayerList()).as(seed).isTrue();
            assertThat(m.network().layers()).anyMatch(l -> l instanceof Conv2d).anyMatch(l -> l instanceof BatchNorm);
            Buffer count = m.network().buffers().stream().filter(Buffer::integer).findFirst().orElseThrow();
            assertThat(count.value().data[0]).as(seed).isEqualTo(1f);
            ModelFileFuzzTest.check(bytes);
        }
    }
}
