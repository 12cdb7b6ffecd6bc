package digitnet.app.web;

import digitnet.api.Digitnet;
import digitnet.testing.SmallModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A server on a free loopback port with the small test model and its dev digits as gallery. */
final class WebServerFixture implements AutoCloseable {
    final SmallModel model = SmallModel.get();
    final ModelService service;
    final WebServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WebServerFixture(Path reportDir) {
        this(null, reportDir);
    }

    /** A server for the given model service, or for the small test model when it is null. */
    WebServerFixture(ModelService given, Path reportDir) {
        digitnet.data.Dataset dev = model.outcome.dev();
        service = given != null ? given : new ModelService(Digitnet.load(model.file),
                Digitnet.digits(dev.pixels(), dev.labels(), dev.height(), dev.width(), dev.classes(), dev.source()),
                "dev digits");
        server = WebServer.create(new WebServer.Settings("127.0.0.1", 0, 4, reportDir), service);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
    }
}
