package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.api.Digitnet;
import digitnet.api.Model;
import digitnet.data.folder.Picture;
import digitnet.model.ModelFile;
import digitnet.model.ModelInfo;
import digitnet.nn.Architecture;
import digitnet.nn.Init;
import digitnet.nn.LayerList;
import digitnet.nn.LayerListSyntax;
import digitnet.nn.Network;
import digitnet.nn.Shape;
import digitnet.testing.PictureFolders;
import digitnet.train.TrainingRecord;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's API with a colour model trained on a folder: an uploaded picture is resized and read in colour. */
class ColourPageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path dir;
    static Model model;
    static WebServerFixture web;

    @BeforeAll
    static void start() {
        LayerList list = LayerList.of(Shape.of(3, 16, 16), LayerListSyntax.parse("conv:4:3:1:1,relu,maxpool:2,flatten,linear:3"), 3);
        Network n = Network.initialised(Architecture.of(list), Init.HE, 5);
        Path file = dir.resolve("colour.safetensors");
        ModelFile.save(file, n, new ModelInfo(n.architecture(), 3, 16, 16, List.of("blue disc", "green", "red square"),
                TrainingRecord.none(), Map.of()), Map.of());
        model = Digitnet.load(file);
        web = new WebServerFixture(new ModelService(model, null, null), null);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void theModelSaysItReadsResizedColourPictures() throws Exception {
        JsonNode m = JSON.readTree(web.get("/api/model").body());
        assertThat(m.get("channels").asInt()).isEqualTo(3);
        assertThat(m.get("pictures").asText()).isEqualTo("resized");
        assertThat(m.get("classes").toString()).isEqualTo("[\"blue disc\",\"green\",\"red square\"]");
        assertThat(m.get("gallery").isNull()).isTrue();
    }

    @Test
    void anUploadedPictureIsResizedToTheModelAndReadInColourAsPredictPictureReadsIt() throws Exception {
        Path picture = PictureFolders.picture(dir.resolve("upload.png"), "png", PictureFolders.shape(2, 24, new Random(3)));
        HttpResponse<String> r = web.post("/api/predict", "image/png", Files.readAllBytes(picture));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.get("label").asText()).isEqualTo(model.predictPicture(picture).label());
        assertThat(a.get("pixels").size()).isEqualTo(3 * 16 * 16);
        byte[] expected = model.pictureBytes(Picture.decode(picture));
        for (int i = 0; i < expected.length; i += 37) {
            assertThat(a.get("pixels").get(i).asInt()).isEqualTo(expected[i] & 0xFF);
        }
        assertThat(a.get("probabilities").get(0).floatValue()).isEqualTo(model.predictPicture(picture).probabilities().get(0));
    }

    @Test
    void jsonPixelsOfTheModelsShapeAreReadAndDrawnInkIsRefused() throws Exception {
        StringJoiner j = new StringJoiner(",", "{\"pixels\":[", "]}");
        for (int i = 0; i < 768; i++) {
            j.add(Integer.toString(i % 256));
        }
        assertThat(web.post("/api/predict", "application/json", j.toString().getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(200);
        HttpResponse<String> ink = web.post("/api/predict", "application/json",
                "{\"ink\":[0,0,0,0],\"width\":2,\"height\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(ink.statusCode()).isEqualTo(400);
        assertThat(ink.body()).contains("this model reads pictures of 3x16x16");
    }
}
