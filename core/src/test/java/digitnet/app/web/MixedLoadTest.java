package digitnet.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.data.Dataset;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The server under load on loopback: {@link #CLIENTS} concurrent clients send {@link #REQUESTS}
 * predictions in all (stopping early after {@link #BUDGET}), one in twenty of them malformed
 * (broken JSON, 783 pixels, NaN, a body over the limit, a wrong Content-Type). Every good request
 * must get a 200 with the model's digit, every malformed one its 4xx, none a 5xx or a connection
 * error, and the heap used after a GC must not grow by more than {@link #HEAP_GROWTH_BYTES}.
 * Prints throughput and p50/p99 latency of good and malformed requests; asserts nothing about time.
 * The full run of docs/robustness.md (Load): {@code mvn test -Dtest=MixedLoadTest -Dload.mixed.requests=20000}.
 */
class MixedLoadTest {
    static final int CLIENTS = 8;
    static final int REQUESTS = Integer.getInteger("load.mixed.requests", 2000);
    static final Duration BUDGET = Duration.ofMinutes(5);
    static final long HEAP_GROWTH_BYTES = 32L << 20;

    record Call(String type, byte[] body, int status, int digit) {}

    record Outcome(boolean malformed, int status, long nanos, String problem) {}

    @Test
    void eightClientsWithMalformedRequestsGetOnlyTheirAnswers() throws Exception {
        try (WebServerFixture web = new WebServerFixture(null)) {
            List<Call> good = goodCalls(web), bad = malformedCalls();
            run(web, good, bad, 400);                       // warm-up: JIT, connections, per-thread models
            long heapBefore = heapAfterGc();
            long start = System.nanoTime();
            List<Outcome> all = run(web, good, bad, REQUESTS);
            double seconds = (System.nanoTime() - start) / 1e9;
            long heapAfter = heapAfterGc();

            List<String> problems = all.stream().map(Outcome::problem).filter(p -> p != null).toList();
            assertThat(problems).as("wrong answers and connection errors").isEmpty();
            assertThat(all).hasSizeGreaterThanOrEqualTo(Math.min(REQUESTS, 2000));
            assertThat(all).filteredOn(Outcome::malformed).isNotEmpty();
            assertThat(heapAfter - heapBefore).as("heap growth, bytes").isLessThan(HEAP_GROWTH_BYTES);
            System.out.printf(Locale.ROOT, "mixed load: %d clients, %d requests (%d malformed) in %.2f s: %.0f requests/s; "
                            + "good p50 %.2f ms p99 %.2f ms; malformed p50 %.2f ms p99 %.2f ms; heap after GC %.1f -> %.1f MB%n",
                    CLIENTS, all.size(), all.stream().filter(Outcome::malformed).count(), seconds, all.size() / seconds,
                    percentile(all, false, 0.50), percentile(all, false, 0.99),
                    percentile(all, true, 0.50), percentile(all, true, 0.99), heapBefore / 1e6, heapAfter / 1e6);
        }
    }

    /** Request i is malformed when i % 20 == 7 (5%); the clients share one counter. */
    static List<Outcome> run(WebServerFixture web, List<Call> good, List<Call> bad, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        AtomicInteger next = new AtomicInteger();
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        ObjectMapper json = new ObjectMapper();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (int i; (i = next.getAndIncrement()) < requests && System.nanoTime() < deadline; ) {
                    boolean malformed = i % 20 == 7;
                    Call call = malformed ? bad.get((i / 20) % bad.size()) : good.get(i % good.size());
                    outcomes.add(send(http, web, json, call, malformed));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        return new ArrayList<>(outcomes);
    }

    static Outcome send(HttpClient http, WebServerFixture web, ObjectMapper json, Call call, boolean malformed) {
        HttpRequest req = HttpRequest.newBuilder(web.uri("/api/predict")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", call.type()).POST(HttpRequest.BodyPublishers.ofByteArray(call.body())).build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - t0;
            String problem = null;
            if (r.statusCode() != call.status()) {
                problem = "status " + r.statusCode() + " instead of " + call.status() + ": " + r.body();
            } else if (!malformed && json.readTree(r.body()).get("digit").asInt() != call.digit()) {
                problem = "digit " + r.body() + " instead of " + call.digit();
            } else if (malformed && !json.readTree(r.body()).get("error").isTextual()) {
                problem = "no error message: " + r.body();
            }
            return new Outcome(malformed, r.statusCode(), nanos, problem);
        } catch (IOException e) {
            return new Outcome(malformed, -1, System.nanoTime() - t0, "connection error: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(malformed, -1, System.nanoTime() - t0, "interrupted");
        }
    }

    /** JSON pixels (three in four) and 280x280 PNG drawings of dev digits, with the digit the model gives each alone. */
    static List<Call> goodCalls(WebServerFixture web) throws IOException {
        Dataset dev = web.model.outcome.dev();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String type = i % 4 == 3 ? "image/png" : "application/json";
            byte[] body = type.equals("image/png") ? WebApiTest.bigPng(dev, i)
                    : WebApiTest.pixelsJson(dev, i).getBytes(StandardCharsets.UTF_8);
            calls.add(new Call(type, body, 200, web.service.predict(PredictRequests.parse(type, body).pixels()).digit()));
        }
        return calls;
    }

    static List<Call> malformedCalls() {
        String zeros = String.join(",", Collections.nCopies(783, "0"));
        byte[] oversized = new byte[WebServer.MAX_BODY_BYTES + 1];
        Arrays.fill(oversized, (byte) ' ');
        return List.of(
                new Call("application/json", bytes("{\"pixels\":[" + zeros + ","), 400, -1),
                new Call("application/json", bytes("{\"pixels\":[" + zeros + "]}"), 400, -1),
                new Call("application/json", bytes("{\"pixels\":[NaN," + zeros + "]}"), 400, -1),
                new Call("application/json", oversized, 413, -1),
                new Call("text/plain", bytes("{\"pixels\":[0," + zeros + "]}"), 415, -1));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static double percentile(List<Outcome> all, boolean malformed, double q) {
        long[] nanos = all.stream().filter(o -> o.malformed() == malformed).mapToLong(Outcome::nanos).sorted().toArray();
        return nanos.length == 0 ? Double.NaN : nanos[(int) Math.max(0, Math.ceil(nanos.length * q) - 1)] / 1e6;
    }
}
