package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Conv2d;
import digitnet.nn.Dense;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerSpec;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.train.TrainingRecord;
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
 * and pooling layer with their shapes, and its maps, probabilities and digit equal those of the
 * network computed here by plain loops ({@link PlainForward}); a perceptron's answer has none.
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
        ModelInfo info = new ModelInfo(n.architecture(), 28, 28, ModelInfo.numberedLabels(10), TrainingRecord.none(), Map.of());
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

    /**
     * The answer against the network computed here by plain loops from its weights
     * ({@link PlainForward}): the first convolution's grey levels, each drawn layer's channel minima
     * and maxima, the probabilities and the digit.
     */
    @Test
    void aConvModelAnswersWithTheMapsOfEachConvolutionAndPoolingLayer() throws Exception {
        Dataset dev = mlp.model.outcome.dev();
        int image = 5;
        JsonNode a = post(conv, "/api/features", dev, image);
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

        // conv 1->6 (padding 1), relu, maxpool 2, conv 6->20, relu, avgpool 2, flatten, linear 720->10
        List<digitnet.nn.Layer> net = network.layers();
        double[][][] conv1 = PlainForward.conv(PlainForward.image(dev.pixels(), image * 784, 28, 28), (Conv2d) net.get(0), 1);
        double[][][] pool1 = PlainForward.pool(PlainForward.relu(conv1), 2, true);
        double[][][] conv2 = PlainForward.conv(pool1, (Conv2d) net.get(3), 0);
        double[][][] pool2 = PlainForward.pool(PlainForward.relu(conv2), 2, false);
        double[] logits = PlainForward.linear(pool2, (Dense) net.get(7));
        double[][][][] reference = {conv1, pool1, conv2, pool2};

        for (int l = 0; l < 4; l++) {
            JsonNode m = maps.get(l);
            for (int c = 0; c < m.get("channels").asInt(); c++) {
                double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
                for (double[] row : reference[l][c]) {
                    for (double v : row) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                assertThat(m.get("min").get(c).asDouble()).as("layer %d channel %d min", layers[l], c).isCloseTo(lo, offset(1e-4));
                assertThat(m.get("max").get(c).asDouble()).as("layer %d channel %d max", layers[l], c).isCloseTo(hi, offset(1e-4));
            }
        }

        // the first convolution's grey levels: each channel from its own minimum (0) to its maximum (255)
        byte[] grey = Base64.getDecoder().decode(maps.get(0).get("grey").asText());
        for (int o = 0; o < 6; o++) {
            double lo = maps.get(0).get("min").get(o).asDouble(), hi = maps.get(0).get("max").get(o).asDouble();
            for (int p = 0; p < 784; p++) {
                long want = Math.round(255 * (conv1[o][p / 28][p % 28] - lo) / (hi - lo));
                assertThat(grey[o * 784 + p] & 0xFF).as("channel %d pixel %d", o, p).isBetween((int) want - 1, (int) want + 1);
            }
        }

        double[] probabilities = PlainForward.softmax(logits);
        int digit = 0, second = -1;
        for (int c = 1; c < 10; c++) {
            if (logits[c] > logits[digit]) {
                second = digit;
                digit = c;
            } else if (second < 0 || logits[c] > logits[second]) {
                second = c;
            }
        }
        assertThat(logits[digit] - logits[second]).as("no near tie: float32 and double agree on the digit").isGreaterThan(1e-3);
        assertThat(a.get("digit").asInt()).isEqualTo(digit);
        for (int c = 0; c < 10; c++) {
            assertThat(a.get("probabilities").get(c).asDouble()).as("probability of %d", c).isCloseTo(probabilities[c], offset(1e-5));
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
        ModelInfo info = new ModelInfo(n.architecture(), 28, 28, ModelInfo.numberedLabels(10), TrainingRecord.none(), Map.of());
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
