package digitnet.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@code digitnet bench} labels and picks its peers: each line named by its build and thread
 * count, the fastest line of a figure the one compared, float64 never compared with float32,
 * first against first and steady against steady; which interpreters are tried.
 */
class BenchPeersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode line(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static final JsonNode DEBIAN_TORCH_1 = line("{\"peer\": \"pytorch\", \"version\": \"1.13.0a0\", \"build\": \"Debian\","
            + " \"threads\": 1, \"workload\": \"dense\", \"first_epoch_seconds\": 3.0, \"steady_epoch_seconds\": 2.0,"
            + " \"python\": \"/usr/bin/python3\"}");
    private static final JsonNode PIP_TORCH_2 = line("{\"peer\": \"pytorch\", \"version\": \"2.13.0+cpu\", \"build\": \"\","
            + " \"threads\": 2, \"workload\": \"dense\", \"first_epoch_seconds\": 2.0, \"steady_epoch_seconds\": 4.0,"
            + " \"python\": \"/opt/torch-venv/bin/python\"}");
    private static final JsonNode NUMPY_64 = line("{\"peer\": \"numpy\", \"dtype\": \"float64\", \"version\": \"2.4.6\","
            + " \"build\": \"\", \"threads\": 1, \"rows\": 9000, \"ms_per_iteration\": 1.0, \"python\": \"python3\"}");
    private static final JsonNode NUMPY_32 = line("{\"peer\": \"numpy\", \"dtype\": \"float32\", \"version\": \"2.4.6\","
            + " \"build\": \"\", \"threads\": 2, \"rows\": 9000, \"ms_per_iteration\": 5.0, \"python\": \"python3\"}");
    private static final JsonNode VENV_NUMPY_32 = line("{\"peer\": \"numpy\", \"dtype\": \"float32\", \"version\": \"2.4.6\","
            + " \"build\": \"\", \"threads\": 1, \"rows\": 9000, \"ms_per_iteration\": 4.0, \"python\": \"/opt/torch-venv/bin/python\"}");

    @Test
    void eachLineIsLabelledWithItsBuildAndThreads() {
        BenchPeers peers = new BenchPeers(List.of(), List.of(DEBIAN_TORCH_1, PIP_TORCH_2, NUMPY_64));
        assertThat(peers.label(DEBIAN_TORCH_1)).isEqualTo("pytorch 1.13.0a0 (Debian), 1 thread");
        assertThat(peers.label(PIP_TORCH_2)).isEqualTo("pytorch 2.13.0+cpu, 2 threads");
        assertThat(peers.label(NUMPY_64)).isEqualTo("numpy 2.4.6 float64, 1 thread");
    }

    @Test
    void twoInterpretersWithTheSameBuildAreToldApartByTheInterpreter() {
        BenchPeers peers = new BenchPeers(List.of(), List.of(NUMPY_64, NUMPY_32, VENV_NUMPY_32, DEBIAN_TORCH_1));
        assertThat(peers.label(NUMPY_32)).isEqualTo("numpy 2.4.6 [python3] float32, 2 threads");
        assertThat(peers.label(VENV_NUMPY_32)).isEqualTo("numpy 2.4.6 [/opt/torch-venv/bin/python] float32, 1 thread");
        assertThat(peers.label(DEBIAN_TORCH_1)).isEqualTo("pytorch 1.13.0a0 (Debian), 1 thread");
    }

    @Test
    void theFastestFloat32LineIsTheOneComparedNeverFloat64() {
        List<JsonNode> lines = List.of(NUMPY_64, NUMPY_32, VENV_NUMPY_32);
        assertThat(BenchPeers.fastest(lines, "ms_per_iteration").line()).isSameAs(NUMPY_64);
        BenchPeers.Best best = BenchPeers.fastest(lines.stream().filter(BenchPeers::float32).toList(), "ms_per_iteration");
        assertThat(best.line()).isSameAs(VENV_NUMPY_32);
        assertThat(best.value()).isEqualTo(4.0);
        assertThat(BenchPeers.float32(DEBIAN_TORCH_1)).isTrue();      // pytorch runs float32
        assertThat(BenchPeers.fastest(List.of(), "ms_per_iteration")).isNull();
    }

    @Test
    void firstIsComparedWithTheFastestFirstAndSteadyWithTheFastestSteady() {
        BenchPeers peers = new BenchPeers(List.of(), List.of(DEBIAN_TORCH_1, PIP_TORCH_2));
        // fastest first: 2.0 s (2.13, 2 threads); fastest steady: 2.0 s (1.13, 1 thread); ours 1.0 and 0.5
        assertThat(peers.against(List.of(DEBIAN_TORCH_1, PIP_TORCH_2), "first_epoch_seconds", "steady_epoch_seconds", 1.0, 0.5))
                .isEqualTo("; first 2.00x against pytorch 2.13.0+cpu, 2 threads; steady 4.00x against pytorch 1.13.0a0"
                        + " (Debian), 1 thread");
        assertThat(peers.against(List.of(), "first_epoch_seconds", "steady_epoch_seconds", 1.0, 0.5)).isEmpty();
    }

    @Test
    void theInterpretersAreThoseGivenElseTheEnvironmentsElseTheDefault() {
        assertThat(BenchPython.interpreters(List.of("/a/python", " /b/python "), "/c/python"))
                .containsExactly("/a/python", "/b/python");
        assertThat(BenchPython.interpreters(null, "/usr/bin/python3, /opt/torch-venv/bin/python,"))
                .containsExactly("/usr/bin/python3", "/opt/torch-venv/bin/python");
        assertThat(BenchPython.interpreters(null, " ")).isEqualTo(BenchPython.DEFAULT_INTERPRETERS)
                .containsExactly("python3", "/usr/bin/python3");
        assertThat(BenchPython.interpreters(null, null)).containsExactly("python3", "/usr/bin/python3");
    }
}
