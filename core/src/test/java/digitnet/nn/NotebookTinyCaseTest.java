package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.tensor.Tensor;
import digitnet.train.Sgd;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One forward and one backward step of the notebook's network against numpy
 * (src/test/python/tiny_case.py, output committed as fixtures/tiny_case.json). Class 3 never
 * appears in the labels, which the notebook's one_hot got wrong.
 */
class NotebookTinyCaseTest {
    static JsonNode fx;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = NotebookTinyCaseTest.class.getResourceAsStream("/fixtures/tiny_case.json")) {
            fx = new ObjectMapper().readTree(in);
        }
    }

    static Tensor matrix(JsonNode rows) {
        Tensor t = new Tensor(rows.size(), rows.get(0).size());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(0).size(); c++) {
                t.set(r, c, (float) rows.get(r).get(c).asDouble());
            }
        }
        return t;
    }

    static Tensor row(JsonNode values) {
        Tensor t = new Tensor(1, values.size());
        for (int c = 0; c < values.size(); c++) {
            t.set(0, c, (float) values.get(c).asDouble());
        }
        return t;
    }

    static void assertClose(Tensor actual, Tensor expected) {
        assertThat(actual.rows()).isEqualTo(expected.rows());
        assertThat(actual.cols).isEqualTo(expected.cols);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.data[i]).as("element %d", i).isCloseTo(expected.data[i], within(1e-5f));
        }
    }

    Network network() {
        Tensor x = matrix(fx.get("x"));
        Network net = Network.create(Architecture.of(x.cols, List.of(fx.get("b1").size()), fx.get("b2").size()));
        List<Parameter> p = net.parameters();
        p.get(0).fromState(matrix(fx.get("W1")), p.get(0).value());
        p.get(1).fromState(row(fx.get("b1")), p.get(1).value());
        p.get(2).fromState(matrix(fx.get("W2")), p.get(2).value());
        p.get(3).fromState(row(fx.get("b2")), p.get(3).value());
        return net;
    }

    int[] labels() {
        int[] y = new int[fx.get("labels").size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = fx.get("labels").get(i).asInt();
        }
        return y;
    }

    @Test
    void forwardMatchesNumpy() {
        Network net = network();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Tensor logits = net.forward(matrix(fx.get("x")), true);
        assertClose(logits, matrix(fx.get("logits")));
        float l = loss.forward(logits, labels());
        assertClose(loss.probabilities(), matrix(fx.get("probabilities")));
        assertThat(l).isCloseTo((float) fx.get("loss").asDouble(), within(1e-5f));
    }

    @Test
    void backwardAndUpdateMatchNumpy() {
        Network net = network();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(net.forward(matrix(fx.get("x")), true), labels());
        net.backward(loss.backward());
        List<Parameter> p = net.parameters();
        assertThat(p).extracting(Parameter::name).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        assertClose(p.get(0).toState(p.get(0).grad()), matrix(fx.get("dW1")));
        assertClose(p.get(1).toState(p.get(1).grad()), row(fx.get("db1")));
        assertClose(p.get(2).toState(p.get(2).grad()), matrix(fx.get("dW2")));
        assertClose(p.get(3).toState(p.get(3).grad()), row(fx.get("db2")));

        new Sgd(fx.get("alpha").asDouble()).step(p);
        assertClose(p.get(0).toState(p.get(0).value()), matrix(fx.get("W1_after")));
        assertClose(p.get(1).toState(p.get(1).value()), row(fx.get("b1_after")));
        assertClose(p.get(2).toState(p.get(2).value()), matrix(fx.get("W2_after")));
        assertClose(p.get(3).toState(p.get(3).value()), row(fx.get("b2_after")));
    }
}
