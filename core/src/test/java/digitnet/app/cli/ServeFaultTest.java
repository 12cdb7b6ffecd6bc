package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import digitnet.testing.ChildJava;
import digitnet.testing.SmallModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as a real process: SIGTERM while a request is in flight lets that request finish
 * with its complete answer and exits 0; a port already taken is a one-line error, not a stack trace.
 */
class ServeFaultTest {
    static final Pattern OPEN = Pattern.compile("open http://127\\.0\\.0\\.1:(\\d+)/.*");

    @Test
    void sigtermLetsTheRequestInFlightFinishAndExitsZero(@TempDir Path work) throws Exception {
        Process p = serve(work, 0);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = awaitPort(out, work);
            byte[] body = ("{\"pixels\":[" + String.join(",", Collections.nCopies(784, "0")) + "]}")
                    .getBytes(StandardCharsets.US_ASCII);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(60_000);
                OutputStream to = s.getOutputStream();
                InputStream from = s.getInputStream();
                to.write(("POST /api/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                to.flush();
                // the server answers 100 Continue from the thread that then runs the handler: the request is in flight
                assertThat(readHead(from)).startsWith("HTTP/1.1 100");
                to.write(body, 0, body.length / 2);
                to.flush();
                Thread.sleep(200);                         // ordering margin: the handler is reading the body
                p.toHandle().destroy();                    // SIGTERM (Process.destroy would also close our pipes)
                for (int i = body.length / 2; i < body.length; i += 256) {
                    Thread.sleep(50);
                    to.write(body, i, Math.min(256, body.length - i));
                    to.flush();
                }
                String answer = new String(from.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 200");
                Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(answer);
                assertThat(length.find()).as(answer).isTrue();
                String json = answer.substring(answer.indexOf("\r\n\r\n") + 4);
                assertThat(json.getBytes(StandardCharsets.UTF_8)).hasSize(Integer.parseInt(length.group(1)));
                assertThat(json).startsWith("{\"digit\":").endsWith("}");
            }
            assertThat(out.readLine()).isEqualTo("digitnet serve: stopped");
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("serve exits after SIGTERM").isTrue();
            assertThat(p.exitValue()).as(stderr(work)).isEqualTo(ExitCodes.OK);
            assertThat(stderr(work)).isEmpty();
        } finally {
            ChildJava.kill(p);
        }
    }

    @Test
    void aPortAlreadyTakenIsOneClearLineAndExitCodeTwo(@TempDir Path work) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process p = serve(work, taken.getLocalPort());
            try {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(ExitCodes.USAGE);
                assertThat(stderr(work).lines()).containsExactly("digitnet serve: error: cannot listen on 127.0.0.1:"
                        + taken.getLocalPort() + ": Address already in use");
            } finally {
                ChildJava.kill(p);
            }
        }
    }

    static Process serve(Path work, int port) throws IOException {
        return ChildJava.start(work.resolve("stderr.txt"), "digitnet.app.cli.Main", "serve", "--port", Integer.toString(port),
                "--model", SmallModel.get().file.toString(), "--report", work.resolve("no-report").toString());
    }

    static int awaitPort(BufferedReader out, Path work) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = OPEN.matcher(line);
            if (m.matches()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("serve ended before listening: " + stderr(work));
    }

    /** The status line and headers of an answer, up to the empty line. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    static String stderr(Path work) throws IOException {
        return Files.readString(work.resolve("stderr.txt"));
    }
}
