package digitnet.train;

import digitnet.nn.Buffer;
import digitnet.nn.Network;
import java.util.List;

/**
 * Parameter averaging's arithmetic (Spark's {@code --average-every K}, docs/spark.md): the weighted mean of the
 * workers' weights and states, and the flat copies of a network's buffers that travel with the optimizer's
 * slots ({@link StepByStep#state}).
 */
public final class Averages {
    private Averages() {}

    /**
     * {@code out[j]} = the mean of {@code parts[i][j]} weighted by {@code weights[i]}, for j below {@code n}:
     * summed in double in the parts' order (the same bits on every run), the first part's term first, so
     * one part gives its own floats back exactly (-0 included).
     *
     * @throws IllegalArgumentException for no parts, a negative weight or weights summing to 0
     */
    public static void weightedMean(List<float[]> parts, long[] weights, int n, float[] out) {
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("weight " + i + " is negative: " + weights[i]);
            }
            total += weights[i];
        }
        if (parts.isEmpty() || total == 0) {
            throw new IllegalArgumentException("no weight to average by");
        }
        double sum = total;
        float[] first = parts.get(0);
        double w0 = weights[0];
        for (int j = 0; j < n; j++) {
            double s = first[j] * w0;
            for (int i = 1; i < parts.size(); i++) {
                s += parts.get(i)[j] * (double) weights[i];
            }
            out[j] = (float) (s / sum);
        }
    }

    /** Floats in the network's buffers (batch norm's running statistics). */
    static int bufferFloats(Network network) {
        List<Buffer> buffers = network.buffers();
        int n = 0;
        for (int i = 0; i < buffers.size(); i++) {
            n += buffers.get(i).value().size();
        }
        return n;
    }

    /** The buffers flattened in the network's order into {@code to} from {@code at}. */
    static void readBuffers(Network network, float[] to, int at) {
        List<Buffer> buffers = network.buffers();
        for (int i = 0; i < buffers.size(); i++) {        // indexed: no iterator in a worker's step
            Buffer b = buffers.get(i);
            System.arraycopy(b.value().data, 0, to, at, b.value().size());
            at += b.value().size();
        }
    }

    /** The buffers replaced from {@code from} at {@code at}, {@link #readBuffers}'s layout. */
    static void writeBuffers(Network network, float[] from, int at) {
        List<Buffer> buffers = network.buffers();
        for (int i = 0; i < buffers.size(); i++) {
            Buffer b = buffers.get(i);
            System.arraycopy(from, at, b.value().data, 0, b.value().size());
            at += b.value().size();
        }
    }
}
