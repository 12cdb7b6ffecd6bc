package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import digitnet.nn.Predictor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.StringJoiner;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON API against a real server on loopback, with a model trained in the test. */
class WebApiTest {
    static final int STALL_TOLERANCE_SECONDS = 5;
    static final ObjectMapper JSON = new ObjectMapper();
    static WebServerFixture web;
    static Dataset dev;
    static int[] expected;

    @BeforeAll
    static void start() {
        web = new WebServerFixture(null);
        dev = web.model.outcome.dev();
        expected = new int[dev.count()];
        new Predictor(web.model.outcome.network()).predict(dev, expected, null);
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    static String pixelsJson(Dataset d, int i) {
        StringJoiner j = new StringJoiner(",", "{\"pixels\":[", "]}");
        for (int p = 0; p < 784; p++) {
            j.add(Integer.toString(d.pixels()[i * 784 + p] & 0xFF));
        }
        return j.toString();
    }

    JsonNode postJson(String body, int status) throws Exception {
        HttpResponse<String> r = web.post("/api/predict", "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    void rawPixelsOfDevDigitsAreReadAsTheNetworkReadsThemAndMostlyRight() throws Exception {
        int correct = 0, n = 100;
        for (int i = 0; i < n; i++) {
            JsonNode a = postJson(pixelsJson(dev, i), 200);
            assertThat(a.get("digit").asInt()).isEqualTo(expected[i]);
            assertThat(a.get("label").asText()).isEqualTo(Integer.toString(expected[i]));
            assertThat(a.get("preprocessed").asBoolean()).isFalse();
            double sum = 0;
            for (JsonNode p : a.get("probabilities")) {
                sum += p.asDouble();
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(a.get("pixels").get(300).asInt()).isEqualTo(dev.pixels()[i * 784 + 300] & 0xFF);
            if (a.get("digit").asInt() == dev.labels()[i]) {
                correct++;
            }
        }
        assertThat(correct).isGreaterThanOrEqualTo(85);
    }

    /** A dev digit drawn large, dark ink on white paper, as a PNG: preprocessed back to MNIST form. */
    static byte[] bigPng(Dataset d, int i) throws IOException {
        BufferedImage img = new BufferedImage(280, 280, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 280; y++) {
            for (int x = 0; x < 280; x++) {
                int sx = x / 10, sy = y / 10;
                int v = 255 - (d.pixels()[i * 784 + sy * 28 + sx] & 0xFF);
                img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void pngPicturesOfDevDigitsArePreprocessedAndReadRight() throws Exception {
        int correct = 0, n = 40;
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = web.post("/api/predict", "image/png", bigPng(dev, i));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode a = JSON.readTree(r.body());
            assertThat(a.get("preprocessed").asBoolean()).isTrue();
            assertThat(a.get("pixels")).hasSize(784);
            if (a.get("digit").asInt() == dev.labels()[i]) {
                correct++;
            }
        }
        assertThat(correct).isGreaterThanOrEqualTo(32);
    }

    @Test
    void inkArraysArePreprocessedTheMnistWay() throws Exception {
        // a vertical bar in the left part of a 100x60 drawing comes back centred in 28x28
        StringJoiner j = new StringJoiner(",", "{\"width\":100,\"height\":60,\"ink\":[", "]}");
        for (int y = 0; y < 60; y++) {
            for (int x = 0; x < 100; x++) {
                j.add(x >= 10 && x < 16 && y >= 5 && y < 55 ? "255" : "0");
            }
        }
        JsonNode a = postJson(j.toString(), 200);
        assertThat(a.get("preprocessed").asBoolean()).isTrue();
        assertThat(a.get("pixels").get(14 * 28 + 14).asInt()).isEqualTo(255);
        assertThat(a.get("pixels").get(14 * 28 + 2).asInt()).isZero();
        assertThat(a.get("pixels").get(1 * 28 + 14).asInt()).isZero();
    }

    @Test
    void badJsonBodiesGet400WithAJsonError() throws Exception {
        String zeros783 = String.join(",", java.util.Collections.nCopies(783, "0"));
        String[] bad = {
            "{\"pixels\": [1, 2,",                              // malformed
            "not json",
            "[1,2,3]",                                          // not an object
            "{}",                                               // no field
            "{\"pixels\": [" + zeros783 + "]}",                 // 783 values
            "{\"pixels\": [" + zeros783 + ",0,0]}",             // 785 values
            "{\"pixels\": [" + zeros783 + ",NaN]}",             // NaN is not JSON
            "{\"pixels\": [" + zeros783 + ",\"NaN\"]}",         // a string
            "{\"pixels\": [" + zeros783 + ",256]}",             // out of range
            "{\"pixels\": [" + zeros783 + ",-1]}",
            "{\"pixels\": [" + zeros783 + ",1e999]}",           // infinite
            "{\"pixels\": \"abc\"}",
            "{\"ink\": [0, 0], \"width\": 3, \"height\": 1}",   // wrong length
            "{\"ink\": [0], \"width\": 0, \"height\": 1}",
            "{\"ink\": [0], \"width\": 1.5, \"height\": 1}",
            "[".repeat(5000),                                    // deep nesting
        };
        for (String body : bad) {
            JsonNode a = postJson(body, 400);
            assertThat(a.get("error").asText()).as(body.substring(0, Math.min(40, body.length()))).isNotBlank();
            assertThat(a.get("status").asInt()).isEqualTo(400);
        }
        assertHealthy();
    }

    @Test
    void wrongContentTypesGet415() throws Exception {
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            HttpResponse<String> r = web.post("/api/predict", type, "{\"pixels\": []}".getBytes(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(JSON.readTree(r.body()).get("error").asText()).contains("Content-Type");
        }
    }

    @Test
    void brokenAndHugeImagesAreRefused() throws Exception {
        assertThat(web.post("/api/predict", "image/png", "not a png".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(web.post("/api/predict", "image/png", new byte[0]).statusCode()).isEqualTo(400);
        byte[] png = bigPng(dev, 0);
        assertThat(web.post("/api/predict", "image/png", Arrays.copyOf(png, png.length / 2)).statusCode()).isEqualTo(400);
        BufferedImage huge = new BufferedImage(3000, 10, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(huge, "png", out);
        assertThat(web.post("/api/predict", "image/png", out.toByteArray()).statusCode()).isEqualTo(413);
        assertHealthy();
    }

    @Test
    void oversizedBodiesGet413() throws Exception {
        byte[] big = new byte[WebServer.MAX_BODY_BYTES + 1];
        Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = web.post("/api/predict", "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        // without Content-Length (chunked), the limit is checked while reading
        HttpRequest chunked = HttpRequest.newBuilder(web.uri("/api/predict")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        assertThat(web.client.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        assertHealthy();
    }

    @Test
    void unknownPathsAndWrongMethodsGet404And405() throws Exception {
        for (String path : new String[] {"/nope", "/api/predict/x", "/../etc/passwd", "/report/index.html",
                "/report/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/web/index.html", "/app.js/"}) {
            HttpResponse<String> r = web.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("no such path");
        }
        HttpResponse<String> r = web.get("/api/predict");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
        assertThat(web.post("/api/health", "application/json", new byte[0]).statusCode()).isEqualTo(405);
        assertThat(web.post("/", "text/html", new byte[0]).statusCode()).isEqualTo(405);
        HttpResponse<String> del = web.client.send(HttpRequest.newBuilder(web.uri("/api/model")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(del.statusCode()).isEqualTo(405);
    }

    @Test
    void garbageOnTheSocketDoesNotStopTheServer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", web.server.port())) {
            OutputStream out = s.getOutputStream();
            out.write("BLAH\r\n\r\n\u0000\u0001garbage".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.getInputStream().read(new byte[256]);
        }
        assertHealthy();
    }

    /**
     * The README's promise: a client that stalls is disconnected after {@link WebServer#REQUEST_SECONDS}.
     * The JDK server checks its connections once a second; {@link #STALL_TOLERANCE_SECONDS} more
     * leave room for that and for a loaded machine. A behaviour bound, not a speed benchmark.
     */
    @Test
    void aClientThatStopsMidRequestIsDisconnectedAfterTheRequestTime() throws Exception {
        long start = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", web.server.port())) {
            s.setSoTimeout((WebServer.REQUEST_SECONDS + STALL_TOLERANCE_SECONDS) * 1000);
            s.getOutputStream().write(("POST /api/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"pix").getBytes(StandardCharsets.US_ASCII));
            int first;
            try {
                first = s.getInputStream().read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("a stalled client was still connected after "
                        + (WebServer.REQUEST_SECONDS + STALL_TOLERANCE_SECONDS) + " s", e);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("WebApiTest: a stalled client was disconnected after %.1f s%n", seconds);
            assertThat(first).as("the server closed the connection").isEqualTo(-1);
            assertThat(seconds).as("seconds until a stalled client is disconnected")
                    .isBetween(WebServer.REQUEST_SECONDS - 0.5, (double) WebServer.REQUEST_SECONDS + STALL_TOLERANCE_SECONDS);
        }
        assertHealthy();
    }

    @Test
    void pageModelAndSamplesAreServed() throws Exception {
        HttpResponse<String> page = web.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"pad\"", "id=\"clear\"", "id=\"prediction\"", "id=\"seen\"");
        assertThat(web.get("/app.js").body()).contains("/api/predict");
        JsonNode model = JSON.readTree(web.get("/api/model").body());
        assertThat(model.get("architecture").asText()).isEqualTo("784-32-10");
        assertThat(model.get("classes")).hasSize(10);
        assertThat(model.get("report").asBoolean()).isFalse();
        assertThat(model.get("metrics").get("dev_accuracy").asDouble()).isGreaterThan(0.85);

        JsonNode wrong = JSON.readTree(web.get("/api/samples?only=wrong&limit=5").body());
        int mistakes = 0;
        for (int i = 0; i < dev.count(); i++) {
            mistakes += expected[i] != dev.labels()[i] ? 1 : 0;
        }
        assertThat(wrong.get("total").asInt()).isEqualTo(mistakes);
        for (JsonNode s : wrong.get("items")) {
            int i = s.get("index").asInt();
            assertThat(s.get("label").asInt()).isEqualTo(dev.labels()[i]).isNotEqualTo(s.get("predicted").asInt());
            assertThat(s.get("predicted").asInt()).isEqualTo(expected[i]);
        }
        JsonNode all = JSON.readTree(web.get("/api/samples?offset=990&limit=100").body());
        assertThat(all.get("total").asInt()).isEqualTo(1000);
        assertThat(all.get("items")).hasSize(10);
        for (String q : new String[] {"limit=0", "limit=101", "offset=-1", "only=maybe", "limit=x", "offset=%25zz"}) {
            assertThat(web.get("/api/samples?" + q).statusCode()).as(q).isEqualTo(400);
        }
    }

    void assertHealthy() throws Exception {
        HttpResponse<String> r = web.get("/api/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("ok");
    }
}
