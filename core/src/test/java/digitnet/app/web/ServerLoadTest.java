package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Four concurrent clients on loopback, each sending a bounded number of predictions (stopping
 * early after a time budget): every answer must be a 200 with the digit the model gives for
 * that image alone. Prints throughput and p50/p99 latency; nothing is asserted about time.
 * More requests: {@code mvn test -Dtest=ServerLoadTest -Dload.requests=2000}.
 */
class ServerLoadTest {
    static final int CLIENTS = 4;
    static final int REQUESTS = Integer.getInteger("load.requests", 250);
    static final long BUDGET_NANOS = Duration.ofSeconds(60).toNanos();

    record Body(String type, byte[] bytes, int digit) {}

    @Test
    void fourClientsGetConsistentAnswers() throws Exception {
        try (WebServerFixture web = new WebServerFixture(null)) {
            Dataset dev = web.model.outcome.dev();
            List<Body> pngs = new ArrayList<>(), jsons = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] png = WebApiTest.bigPng(dev, i);
                pngs.add(new Body("image/png", png, web.service.predict(PredictRequests.parse("image/png", png).pixels()).digit()));
                byte[] json = WebApiTest.pixelsJson(dev, i).getBytes(StandardCharsets.UTF_8);
                jsons.add(new Body("application/json", json,
                        web.service.predict(PredictRequests.parse("application/json", json).pixels()).digit()));
            }
            measure(web, null, pngs, 50);                  // warm-up: JIT, connections; not printed
            measure(web, null, jsons, 50);
            measure(web, "PNG 280x280 (what the page sends)", pngs, REQUESTS);
            measure(web, "JSON 784 pixels", jsons, REQUESTS);
        }
    }

    static void measure(WebServerFixture web, String what, List<Body> bodies, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        ObjectMapper json = new ObjectMapper();
        long start = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            results.add(clients.submit(() -> {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                long[] latencies = new long[requests];
                int n = 0;
                for (; n < requests && System.nanoTime() - start < BUDGET_NANOS; n++) {
                    Body b = bodies.get((client * 7 + n) % bodies.size());
                    HttpRequest req = HttpRequest.newBuilder(web.uri("/api/predict")).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", b.type()).POST(HttpRequest.BodyPublishers.ofByteArray(b.bytes())).build();
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                    latencies[n] = System.nanoTime() - t0;
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    assertThat(json.readTree(r.body()).get("digit").asInt()).isEqualTo(b.digit());
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            for (long l : f.get()) {
                all.add(l);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        assertThat(all).hasSizeGreaterThan(CLIENTS);
        all.sort(null);
        if (what == null) {
            return;
        }
        System.out.printf(Locale.ROOT, "load %s: %d clients, %d requests in %.2f s: %.0f requests/s, p50 %.2f ms, p99 %.2f ms%n",
                what, CLIENTS, all.size(), seconds, all.size() / seconds, all.get(all.size() / 2) / 1e6,
                all.get((int) Math.min(all.size() - 1, Math.ceil(all.size() * 0.99) - 1)) / 1e6);
    }
}
