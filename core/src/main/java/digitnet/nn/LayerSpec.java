package digitnet.nn;

import java.util.Locale;

/**
 * One item of a layer list (see {@link LayerList}): what a layer is, without its weights. Each
 * item knows its output shape for an input shape, and says why it cannot work on one by throwing
 * {@link IllegalArgumentException} with the reason (the list adds the item's position).
 * {@link #token()} is the item in the list syntax of docs/cnn.md ({@code conv:32:3}).
 */
public sealed interface LayerSpec {
    int MAX_CHANNELS = 1 << 16, MAX_KERNEL = 1 << 10;

    /**
     * The output shape on input {@code in}; {@code flat} tells whether the input has been
     * flattened (by flatten or a linear layer) rather than being an image.
     */
    Shape output(Shape in, boolean flat);

    /** Whether the output is flat features rather than an image. */
    default boolean flattens(boolean flatInput) {
        return flatInput;
    }

    /** The item as written in a list: "conv:32:3", "relu". */
    String token();

    static Conv conv(int out, int kernel) {
        return new Conv(out, kernel, 1, 0);
    }

    static Conv conv(int out, int kernel, int stride, int padding) {
        return new Conv(out, kernel, stride, padding);
    }

    static MaxPool maxPool(int kernel) {
        return new MaxPool(kernel);
    }

    static AvgPool avgPool(int kernel) {
        return new AvgPool(kernel);
    }

    static BatchNormSpec batchNorm() {
        return new BatchNormSpec();
    }

    static ReluSpec relu() {
        return new ReluSpec();
    }

    static DropoutSpec dropout(double p) {
        return new DropoutSpec(p);
    }

    static FlattenSpec flatten() {
        return new FlattenSpec();
    }

    static Linear linear(int out) {
        return new Linear(out);
    }

    /** {@code items} with a last linear layer resized to {@code classes} outputs (a preset's list fitted to the data). */
    static java.util.List<LayerSpec> withClasses(java.util.List<LayerSpec> items, int classes) {
        java.util.List<LayerSpec> out = new java.util.ArrayList<>(items);
        if (!out.isEmpty() && out.get(out.size() - 1) instanceof Linear) {
            out.set(out.size() - 1, linear(classes));
        }
        return out;
    }

    /** conv:OUT:K[:STRIDE[:PAD]]: a 2-d convolution with OUT filters of K x K. */
    record Conv(int out, int kernel, int stride, int padding) implements LayerSpec {
        public Conv {
            positive("output channels", out, MAX_CHANNELS);
            positive("kernel", kernel, MAX_KERNEL);
            positive("stride", stride, MAX_KERNEL);
            if (padding < 0 || padding > MAX_KERNEL) {
                throw new IllegalArgumentException("padding must be 0.." + MAX_KERNEL + ", got " + padding);
            }
        }

        @Override
        public Shape output(Shape in, boolean flat) {
            image(flat, in);
            int h = in.height() + 2 * padding, w = in.width() + 2 * padding;
            if (kernel > h || kernel > w) {
                throw new IllegalArgumentException("kernel " + kernel + "x" + kernel + " is larger than its input "
                        + in + (padding > 0 ? " (padded " + h + "x" + w + ")" : ""));
            }
            return Shape.of(out, (h - kernel) / stride + 1, (w - kernel) / stride + 1);
        }

        @Override
        public String token() {
            return "conv:" + out + ":" + kernel + (stride == 1 && padding == 0 ? ""
                    : ":" + stride + (padding == 0 ? "" : ":" + padding));
        }
    }

    /** maxpool:K: the maximum of each K x K window, stride K. */
    record MaxPool(int kernel) implements LayerSpec {
        public MaxPool {
            positive("pooling size", kernel, MAX_KERNEL);
        }

        @Override
        public Shape output(Shape in, boolean flat) {
            return pooled(in, flat, kernel);
        }

        @Override
        public String token() {
            return "maxpool:" + kernel;
        }
    }

    /** avgpool:K: the mean of each K x K window, stride K. */
    record AvgPool(int kernel) implements LayerSpec {
        public AvgPool {
            positive("pooling size", kernel, MAX_KERNEL);
        }

        @Override
        public Shape output(Shape in, boolean flat) {
            return pooled(in, flat, kernel);
        }

        @Override
        public String token() {
            return "avgpool:" + kernel;
        }
    }

    /** batchnorm: over the channels of an image, over the features of a flat input. */
    record BatchNormSpec() implements LayerSpec {
        @Override
        public Shape output(Shape in, boolean flat) {
            return in;
        }

        @Override
        public String token() {
            return "batchnorm";
        }
    }

    /** relu. */
    record ReluSpec() implements LayerSpec {
        @Override
        public Shape output(Shape in, boolean flat) {
            return in;
        }

        @Override
        public String token() {
            return "relu";
        }
    }

    /** dropout:P: each element dropped with probability P in training. */
    record DropoutSpec(double probability) implements LayerSpec {
        public DropoutSpec {
            if (!(probability >= 0 && probability < 1)) {
                throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + probability);
            }
        }

        @Override
        public Shape output(Shape in, boolean flat) {
            return in;
        }

        @Override
        public String token() {
            return "dropout:" + String.format(Locale.ROOT, "%s", (float) probability);
        }
    }

    /** flatten: an image C x H x W becomes C*H*W features. */
    record FlattenSpec() implements LayerSpec {
        @Override
        public Shape output(Shape in, boolean flat) {
            return Shape.flat(in.size());
        }

        @Override
        public boolean flattens(boolean flatInput) {
            return true;
        }

        @Override
        public String token() {
            return "flatten";
        }
    }

    /** linear:OUT: a fully connected layer of OUT units, on flat features. */
    record Linear(int out) implements LayerSpec {
        public Linear {
            positive("units", out, Architecture.MAX_UNITS);
        }

        @Override
        public Shape output(Shape in, boolean flat) {
            if (!flat) {
                throw new IllegalArgumentException("a linear layer needs flat features but its input is the image "
                        + in + " (put flatten before it)");
            }
            return Shape.flat(out);
        }

        @Override
        public boolean flattens(boolean flatInput) {
            return true;
        }

        @Override
        public String token() {
            return "linear:" + out;
        }
    }

    private static void positive(String what, int value, int max) {
        if (value <= 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 1.." + max + ", got " + value);
        }
    }

    private static void image(boolean flat, Shape in) {
        if (flat) {
            throw new IllegalArgumentException("needs an image but its input is " + in.size() + " flat features");
        }
    }

    private static Shape pooled(Shape in, boolean flat, int kernel) {
        image(flat, in);
        if (kernel > in.height() || kernel > in.width()) {
            throw new IllegalArgumentException("pooling " + kernel + "x" + kernel + " of its input " + in
                    + " leaves nothing");
        }
        return Shape.of(in.channels(), in.height() / kernel, in.width() / kernel);
    }
}
