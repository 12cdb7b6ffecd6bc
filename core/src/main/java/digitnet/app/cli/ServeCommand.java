package digitnet.app.cli;

import digitnet.app.web.ModelService;
import digitnet.app.web.WebServer;
import digitnet.api.Digitnet;
import digitnet.api.Digits;
import digitnet.api.Model;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digitnet serve}: the web page to draw digits, and the prediction API. SIGTERM or Ctrl-C
 * stops it gracefully (requests in flight are answered, see {@link WebServer#stop()}) with exit
 * code 0; a port already in use is a one-line error with exit code 2.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a web page where you draw a digit and watch the network read it, and a JSON API.")
public final class ServeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = "digitnet-model.safetensors",
            description = "The model file (what train writes by default). Default: ${DEFAULT-VALUE}.")
    Path model;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on; 127.0.0.1 keeps it on this machine. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "Port to listen on (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4",
            description = "Request threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "digitnet-report",
            description = "Training report to show under /report/ when DIR/index.html exists. Default: ${DEFAULT-VALUE}.")
    Path report;

    @Mixin CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        Model loaded = Digitnet.load(model);
        ModelService service;
        if (loaded.readsMnistPictures()) {
            Digits sample = Digitnet.sample();
            Optional<Digits> dev = loaded.devRows(sample);
            String description = dev.isPresent()
                    ? "dev digits of the embedded sample (held out from training)"
                    : "digits of the embedded sample (the model may have trained on some of them)";
            service = new ModelService(loaded, dev.orElse(sample), description);
        } else {
            service = new ModelService(loaded, null, null);      // a picture model: uploads only, no digit gallery
        }
        Path reportDir = Files.isRegularFile(report.resolve("index.html")) ? report : null;
        WebServer server;
        try {
            server = WebServer.create(new WebServer.Settings(host, port, threads, reportDir), service);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage());        // the address is taken or not ours: fix --host/--port
        }
        server.start();
        PrintWriter out = spec.commandLine().getOut();
        String shown = host.contains(":") ? "[" + host + "]" : host;
        out.println("digitnet serve: model " + model + " (" + loaded.architecture() + "), "
                + (reportDir == null ? "no report" : "report from " + reportDir));
        out.println("open http://" + shown + ":" + server.port() + "/   (Ctrl-C to stop)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            out.println("digitnet serve: stopped");
            out.flush();
            stopped.countDown();
            // SIGTERM or Ctrl-C is how serve is meant to end: exit 0, not the JVM's 128+signal
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "digitnet-serve-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
