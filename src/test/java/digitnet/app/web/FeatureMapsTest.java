package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Conv2d;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Network;
import digitnet.nn.Predictor;
import digitnet.nn.Shape;
import digitnet.train.TrainSettings;
import digitnet.testing.SmallModel;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/features}: a convolutional model's answer holds the maps of each convolution
 * and pooling layer with their shapes, the first convolution's maps equal a convolution computed
 * here by plain loops, and a perceptron's answer has none.
 */
class FeatureMapsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static WebServerFixture conv, mlp;
    static Network network;

    /** 1x28x28 -> conv 6x28x28 -> maxpool 6x14x14 -> conv 20x12x12 -> avgpool 20x6x6 -> 10, weights drawn from seed 3. */
    static ModelFile.Loaded convModel() {
        LayerList list = LayerList.of(Shape.image(28, 28), List.of(LayerSpec.conv(6, 3, 1, 1), LayerSpec.relu(),
                LayerSpec.maxPool(2), LayerSpec.conv(20, 3), LayerSpec.relu(), LayerSpec.avgPool(2), LayerSpec.flatten(),
                LayerSpec.linear(10)), 10);
        Network n = Network.initialised(Architecture.of(list), Init.HE, 3);
        ModelInfo info = new ModelInfo(n.architecture(), 28, 28, ModelInfo.numberedLabels(10), TrainSettings.none(), Map.of());
        return new ModelFile.Loaded(n, info, Map.of());
    }

    /** The model as the library API holds it (saved, then loaded through {@code Digitnet.load}). */
    static digitnet.api.Model asModel(ModelFile.Loaded m) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("digitnet-conv", ".safetensors");
            file.toFile().deleteOnExit();
            ModelFile.save(file, m.network(), m.info(), m.checkpoint());
            return digitnet.api.Digitnet.load(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() {
        ModelFile.Loaded m = convModel();
        network = m.network();
        conv = new WebServerFixture(new ModelService(asModel(m), null, null), null);
        mlp = new WebServerFixture(null);
    }

    @AfterAll
    static void stop() {
        conv.close();
        mlp.close();
    }

    static JsonNode post(WebServerFixture web, String path, Dataset d, int i) throws Exception {
        HttpResponse<String> r = web.post(path, "application/json",
                WebApiTest.pixelsJson(d, i).getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void aConvModelAnswersWithTheMapsOfEachConvolutionAndPoolingLayer() throws Exception {
        Dataset dev = mlp.model.outcome.dev();
        int image = 5;
        JsonNode a = post(conv, "/api/features", dev, image);
        int[] expected = new int[dev.count()];
        new Predictor(network).predict(dev, expected, null);
        assertThat(a.get("digit").asInt()).isEqualTo(expected[image]);
        assertThat(a.get("pixels").get(400).asInt()).isEqualTo(dev.pixels()[image * 784 + 400] & 0xFF);

        JsonNode maps = a.get("feature_maps");
        assertThat(maps).hasSize(4);
        int[][] shapes = {{6, 28, 28}, {6, 14, 14}, {20, 12, 12}, {20, 6, 6}};
        int[] layers = {0, 2, 3, 5};
        String[] kinds = {"conv", "maxpool", "conv", "avgpool"};
        for (int l = 0; l < 4; l++) {
            JsonNode m = maps.get(l);
            assertThat(m.get("layer").asInt()).isEqualTo(layers[l]);
            assertThat(m.get("kind").asText()).isEqualTo(kinds[l]);
            assertThat(JSON.convertValue(m.get("shape"), int[].class)).containsExactly(shapes[l]);
            int channels = Math.min(shapes[l][0], FeatureMaps.MAX_CHANNELS);
            assertThat(m.get("channels").asInt()).isEqualTo(channels);
            assertThat(Base64.getDecoder().decode(m.get("grey").asText())).hasSize(channels * shapes[l][1] * shapes[l][2]);
            assertThat(m.get("min")).hasSize(channels);
        }

        // the first convolution by plain loops: weight (6, 1*3*3), padding 1
        Conv2d c = (Conv2d) network.layers().get(0);
        byte[] grey = Base64.getDecoder().decode(maps.get(0).get("grey").asText());
        for (int o = 0; o < 6; o++) {
            float[] y = new float[784];
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < 28; r++) {
                for (int col = 0; col < 28; col++) {
                    double sum = c.bias().data[o];
                    for (int kr = 0; kr < 3; kr++) {
                        for (int kc = 0; kc < 3; kc++) {
                            int ir = r + kr - 1, ic = col + kc - 1;
                            if (ir >= 0 && ir < 28 && ic >= 0 && ic < 28) {
                                sum += c.weight().data[o * 9 + kr * 3 + kc] * (dev.pixels()[image * 784 + ir * 28 + ic] & 0xFF) / 255.0;
                            }
                        }
                    }
                    y[r * 28 + col] = (float) sum;
                    lo = Math.min(lo, (float) sum);
                    hi = Math.max(hi, (float) sum);
                }
            }
            assertThat(maps.get(0).get("min").get(o).floatValue()).isCloseTo(lo, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(maps.get(0).get("max").get(o).floatValue()).isCloseTo(hi, org.assertj.core.data.Offset.offset(1e-4f));
            for (int p = 0; p < 784; p++) {
                int want = Math.round(255 * (y[p] - lo) / (hi - lo));
                assertThat(grey[o * 784 + p] & 0xFF).as("channel %d pixel %d", o, p).isBetween(want - 1, want + 1);
            }
        }
        assertThat(JSON.readTree(conv.get("/api/model").body()).get("feature_maps").asBoolean()).isTrue();
    }

    @Test
    void aPerceptronAnswersAsPredictWithNoMaps() throws Exception {
        Dataset dev = mlp.model.outcome.dev();
        for (int i = 0; i < 5; i++) {
            JsonNode f = post(mlp, "/api/features", dev, i);
            JsonNode p = post(mlp, "/api/predict", dev, i);
            assertThat(f.get("feature_maps").isArray()).isTrue();
            assertThat(f.get("feature_maps")).isEmpty();
            assertThat(f.get("digit")).isEqualTo(p.get("digit"));
            assertThat(f.get("probabilities")).isEqualTo(p.get("probabilities"));
            assertThat(p.has("feature_maps")).isFalse();
        }
        assertThat(JSON.readTree(mlp.get("/api/model").body()).get("feature_maps").asBoolean()).isFalse();
    }

    @Test
    void mapsStopAtTheirBoundAndBadRequestsAreRefusedAsByPredict() throws Exception {
        LayerList wide = LayerList.of(Shape.image(28, 28), List.of(LayerSpec.conv(64, 3, 1, 1), LayerSpec.conv(64, 3, 1, 1),
                LayerSpec.conv(64, 3, 1, 1), LayerSpec.flatten(), LayerSpec.linear(10)), 10);
        Network n = Network.initialised(Architecture.of(wide), Init.HE, 1);
        ModelInfo info = new ModelInfo(n.architecture(), 28, 28, ModelInfo.numberedLabels(10), TrainSettings.none(), Map.of());
        digitnet.api.Look look = asModel(new ModelFile.Loaded(n, info, Map.of())).look(new byte[784]);
        assertThat(look.maps()).hasSize(3);
        List<FeatureMaps.LayerMaps> drawn = FeatureMaps.drawn(look);
        assertThat(drawn).hasSize(FeatureMaps.MAX_VALUES / (FeatureMaps.MAX_CHANNELS * 784));   // 2 of the 3 fit
        int values = 0;
        for (FeatureMaps.LayerMaps m : drawn) {
            assertThat(m.channels()).isEqualTo(FeatureMaps.MAX_CHANNELS);
            values += m.grey().length;
        }
        assertThat(values).isLessThanOrEqualTo(FeatureMaps.MAX_VALUES);

        HttpResponse<String> bad = conv.post("/api/features", "application/json", "{\"pixels\":[1,2]}".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("pixels");
        HttpResponse<String> get = conv.get("/api/features");
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> huge = conv.post("/api/features", "application/json", new byte[WebServer.MAX_BODY_BYTES + 1]);
        assertThat(huge.statusCode()).isEqualTo(413);
    }
}
