package digitnet.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.tensor.Tensor;
import digitnet.train.Adam;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One training step of a network with every kind of layer against PyTorch
 * (src/test/python/cnn_reference.py, output committed as fixtures/cnn_step.json): from the same
 * initial weights, the logits, loss, every gradient, the weights after one Adam step, the running
 * statistics and the logits in eval mode agree to 1e-5 (relative to the value, for values above 1).
 */
class CnnReferenceTest {
    static final double TOLERANCE = 1e-5;
    static JsonNode fx;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = CnnReferenceTest.class.getResourceAsStream("/fixtures/cnn_step.json")) {
            fx = new ObjectMapper().readTree(in);
        }
    }

    static Network networkBefore() {
        JsonNode shape = fx.get("input");
        LayerList list = LayerList.of(Shape.of(shape.get(0).asInt(), shape.get(1).asInt(), shape.get(2).asInt()),
                LayerListSyntax.parse(fx.get("layers").asText()), fx.get("classes").asInt());
        Network net = Network.create(list);
        JsonNode before = fx.get("before");
        for (Parameter p : net.parameters()) {          // the fixture holds PyTorch's layout
            Tensor state = p.toState(p.value());
            fill(state, before.get(p.name()));
            p.fromState(state, p.value());
        }
        for (Buffer b : net.buffers()) {
            fill(b.value(), before.get(b.name()));
        }
        assertThat(net.parameters().size() + net.buffers().size()).isEqualTo(before.size());
        return net;
    }

    static void fill(Tensor t, JsonNode values) {
        assertThat(values.size()).isEqualTo(t.size());
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = (float) values.get(i).asDouble();
        }
    }

    static void assertClose(String what, Tensor actual, JsonNode expected) {
        assertThat(actual.size()).as(what).isEqualTo(expected.size());
        for (int i = 0; i < actual.size(); i++) {
            double e = expected.get(i).asDouble();
            assertThat((double) actual.data[i]).as("%s[%d]", what, i).isCloseTo(e, within(TOLERANCE * Math.max(1, Math.abs(e))));
        }
    }

    // the training forward pass, with PyTorch's dropout mask in place of a drawn one
    static Tensor forwardWithFixtureMask(Network net, Tensor x) {
        Tensor h = x;
        for (Layer l : net.layers()) {
            if (l instanceof Dropout d) {
                d.forward(h, true);
                fill(d.mask(), fx.get("dropout_mask"));
                h = d.forwardSameMask(h);
            } else {
                h = l.forward(h, true);
            }
        }
        return h;
    }

    @Test
    void oneTrainingStepMatchesPyTorch() {
        Network net = networkBefore();
        int[] labels = new ObjectMapper().convertValue(fx.get("labels"), int[].class);
        Tensor x = new Tensor(labels.length, net.architecture().inputs());
        fill(x, fx.get("x"));

        Tensor logits = forwardWithFixtureMask(net, x);
        assertClose("logits", logits, fx.get("logits"));
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        assertThat((double) loss.forward(logits, labels)).isCloseTo(fx.get("loss").asDouble(), within(TOLERANCE));
        net.backward(loss.backward());
        for (Parameter p : net.parameters()) {
            assertClose("d" + p.name(), p.toState(p.grad()), fx.get("grads").get(p.name()));
        }

        new Adam(fx.get("learning_rate").asDouble(), 0.9, 0.999, 0).step(net.parameters());
        JsonNode after = fx.get("after");
        for (Parameter p : net.parameters()) {
            assertClose(p.name() + " after Adam", p.toState(p.value()), after.get(p.name()));
        }
        for (Buffer b : net.buffers()) {
            assertClose(b.name(), b.value(), after.get(b.name()));
        }

        assertClose("eval logits", net.forward(x, false), fx.get("eval_logits"));
    }
}
