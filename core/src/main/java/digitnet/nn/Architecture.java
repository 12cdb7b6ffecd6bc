package digitnet.nn;

import digitnet.data.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a network is: either a multilayer perceptron, inputs -> hidden (ReLU) ... -> classes
 * (logits), the short form of {@code --hidden} ({@code Architecture.of(784, List.of(10), 10)} is
 * the notebook's 784-10-10 network); or any {@link LayerList} ({@code layers} not null, hidden
 * empty, inputs and classes those of the list).
 */
public record Architecture(int inputs, List<Integer> hidden, int classes, LayerList layers) {
    public static final int MAX_UNITS = 1 << 16;

    public Architecture {
        hidden = List.copyOf(hidden);
        if (layers != null && (!hidden.isEmpty() || inputs != layers.input().size() || classes != layers.classes())) {
            throw new IllegalArgumentException("a layer list architecture takes its inputs and classes from "
                    + layers + ", and has no hidden sizes");
        }
        if (inputs <= 0 || inputs > MAX_UNITS * 16) {
            throw new InvalidSettingException("Architecture", "inputs", "must be 1.." + MAX_UNITS * 16 + ", got " + inputs);
        }
        if (classes < 2 || classes > MAX_UNITS) {
            throw new InvalidSettingException("Architecture", "classes", "must be 2.." + MAX_UNITS + ", got " + classes);
        }
        for (int h : hidden) {
            if (h <= 0 || h > MAX_UNITS) {
                throw new InvalidSettingException("Architecture", "hidden", "sizes must be 1.." + MAX_UNITS + ", got " + h);
            }
        }
    }

    /** A multilayer perceptron. */
    public Architecture(int inputs, List<Integer> hidden, int classes) {
        this(inputs, hidden, classes, null);
    }

    public static Architecture of(int inputs, List<Integer> hidden, int classes) {
        return new Architecture(inputs, hidden, classes);
    }

    /** The network of a layer list. */
    public static Architecture of(LayerList layers) {
        return new Architecture(layers.input().size(), List.of(), layers.classes(), layers);
    }

    /** Whether this is a layer list rather than the multilayer perceptron short form. */
    public boolean isLayerList() {
        return layers != null;
    }

    /** All layer widths of a perceptron, inputs first: [784, 10, 10] (a layer list: inputs, classes). */
    public List<Integer> sizes() {
        List<Integer> s = new ArrayList<>();
        s.add(inputs);
        s.addAll(hidden);
        s.add(classes);
        return s;
    }

    /** "784-10-10", or a layer list's "1x28x28: conv:32:3,relu,...". */
    @Override
    public String toString() {
        if (layers != null) {
            return layers.toString();
        }
        StringBuilder b = new StringBuilder();
        for (int s : sizes()) {
            b.append(b.length() == 0 ? "" : "-").append(s);
        }
        return b.toString();
    }
}
