package digitnet.nn;

import digitnet.tensor.Tensor;
import java.util.Locale;
import java.util.Random;

/** Weight initialisations. Every one draws from the {@link Random} it is given, so a seed fixes it. */
public enum Init {
    /** The notebook's: weights and biases uniform in [-0.5, 0.5]. */
    UNIFORM,
    /** He et al. 2015, for ReLU: weights normal with variance 2 / fan-in, biases 0. */
    HE,
    /** Glorot and Bengio 2010: weights uniform in +-sqrt(6 / (fan-in + fan-out)), biases 0. */
    XAVIER;

    /** Draws W in the order of its rows (out, in), as PyTorch lays it out, whatever layout the layer keeps. */
    public void apply(Dense layer, Random random) {
        digitnet.tensor.Tensor w = new digitnet.tensor.Tensor(layer.outputs(), layer.inputs());
        apply(w, layer.bias(), layer.inputs(), layer.outputs(), random);
        layer.setWeightByUnit(w);
    }

    /**
     * Fills a layer's weight and bias; fan-in and fan-out count the inputs and outputs of one
     * unit (for a convolution, channels x K x K, as PyTorch counts them).
     */
    public void apply(Tensor w, Tensor b, int fanIn, int fanOut, Random random) {
        switch (this) {
            case UNIFORM -> {
                fillUniform(w, 0.5f, random);
                fillUniform(b, 0.5f, random);
            }
            case HE -> {
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < w.size(); i++) {
                    w.data[i] = (float) (random.nextGaussian() * std);
                }
                b.fill(0f);
            }
            case XAVIER -> {
                fillUniform(w, (float) Math.sqrt(6.0 / (fanIn + fanOut)), random);
                b.fill(0f);
            }
        }
    }

    private static void fillUniform(Tensor t, float limit, Random random) {
        for (int i = 0; i < t.size(); i++) {
            t.data[i] = (random.nextFloat() * 2f - 1f) * limit;
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
