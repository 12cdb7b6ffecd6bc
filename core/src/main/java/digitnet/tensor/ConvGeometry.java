package digitnet.tensor;

/**
 * A convolution's geometry: input C x H x W, square kernel K, stride S, zero padding P. Output
 * pixel (oh, ow) reads the patch rows {@code oh*S - P + kh} and columns {@code ow*S - P + kw}.
 */
public record ConvGeometry(int channels, int height, int width, int kernel, int stride, int padding) {
    public ConvGeometry {
        if (channels <= 0 || height <= 0 || width <= 0 || kernel <= 0 || stride <= 0 || padding < 0
                || kernel > height + 2 * padding || kernel > width + 2 * padding) {
            throw new IllegalArgumentException("bad convolution geometry: input " + channels + "x" + height
                    + "x" + width + ", kernel " + kernel + ", stride " + stride + ", padding " + padding);
        }
    }

    public int outHeight() {
        return (height + 2 * padding - kernel) / stride + 1;
    }

    public int outWidth() {
        return (width + 2 * padding - kernel) / stride + 1;
    }

    /** Output pixels per sample. */
    public int outArea() {
        return outHeight() * outWidth();
    }

    /** Elements of one patch: C * K * K. */
    public int patch() {
        return channels * kernel * kernel;
    }

    /** Input floats per sample: C * H * W. */
    int inSize() {
        return channels * height * width;
    }
}
