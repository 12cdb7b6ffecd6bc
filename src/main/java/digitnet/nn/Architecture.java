package digitnet.nn;

import digitnet.data.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a multilayer perceptron: inputs -> hidden (ReLU) ... -> classes (logits).
 * {@code Architecture.of(784, List.of(10), 10)} is the notebook's 784-10-10 network.
 */
public record Architecture(int inputs, List<Integer> hidden, int classes) {
    public static final int MAX_UNITS = 1 << 16;

    public Architecture {
        hidden = List.copyOf(hidden);
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

    public static Architecture of(int inputs, List<Integer> hidden, int classes) {
        return new Architecture(inputs, hidden, classes);
    }

    /** All layer widths, inputs first: [784, 10, 10]. */
    public List<Integer> sizes() {
        List<Integer> s = new ArrayList<>();
        s.add(inputs);
        s.addAll(hidden);
        s.add(classes);
        return s;
    }

    /** "784-10-10". */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int s : sizes()) {
            b.append(b.length() == 0 ? "" : "-").append(s);
        }
        return b.toString();
    }
}
