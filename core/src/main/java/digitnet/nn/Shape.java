package digitnet.nn;

/**
 * The shape of one sample's activations, (channels, height, width). A batch is a {@code Tensor}
 * of (batch, channels * height * width) whose columns hold each sample in PyTorch's NCHW order:
 * element (c, h, w) is column {@code (c * height + h) * width + w}. A flat vector of n features
 * is (n, 1, 1), which is also what PyTorch's {@code BatchNorm1d} normalises per feature.
 */
public record Shape(int channels, int height, int width) {
    public static final int MAX_SIZE = 1 << 26;

    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0
                || (long) channels * height * width > MAX_SIZE) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width
                    + " must have positive sides and at most " + MAX_SIZE + " elements");
        }
    }

    public static Shape of(int channels, int height, int width) {
        return new Shape(channels, height, width);
    }

    /** n features, not an image: (n, 1, 1). */
    public static Shape flat(int n) {
        return new Shape(n, 1, 1);
    }

    /** The shape of a data set's images: 1 x height x width (grey levels). */
    public static Shape image(int height, int width) {
        return new Shape(1, height, width);
    }

    /** channels * height * width: the columns of a batch tensor. */
    public int size() {
        return channels * height * width;
    }

    /** height * width: the elements of one channel. */
    public int area() {
        return height * width;
    }

    public boolean isFlat() {
        return height == 1 && width == 1;
    }

    /** "32x13x13". */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
