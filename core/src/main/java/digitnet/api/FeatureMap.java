package digitnet.api;

/**
 * What one convolution or pooling layer made of an image: its output, channel by channel. Returned
 * by {@link Model#look(byte[])}.
 *
 * @param layer    the layer's position in the network's layer list, counting from 0 (as the model
 *                 file names its tensors)
 * @param kind     {@code "conv"}, {@code "maxpool"} or {@code "avgpool"}
 * @param channels output channels
 * @param height   output height
 * @param width    output width
 * @param values   channels x height x width activations, channel by channel, each row by row
 */
public record FeatureMap(int layer, String kind, int channels, int height, int width, float[] values) {
    /**
     * Checks that the values fill the shape; the array is copied.
     *
     * @param layer    the layer's position
     * @param kind     the layer's kind
     * @param channels output channels
     * @param height   output height
     * @param width    output width
     * @param values   the activations
     */
    public FeatureMap {
        if (channels <= 0 || height <= 0 || width <= 0 || values.length != channels * height * width) {
            throw new IllegalArgumentException("feature map of layer " + layer + ": " + values.length
                    + " values for " + channels + "x" + height + "x" + width);
        }
        values = values.clone();
    }

    /** @return a copy of the activations, channels x height x width */
    @Override
    public float[] values() {
        return values.clone();
    }

    /**
     * One activation.
     *
     * @param channel 0..channels-1
     * @param row     0..height-1
     * @param column  0..width-1
     * @return the activation there
     */
    public float value(int channel, int row, int column) {
        if (channel < 0 || channel >= channels || row < 0 || row >= height || column < 0 || column >= width) {
            throw new IndexOutOfBoundsException("(" + channel + ", " + row + ", " + column + ") outside "
                    + channels + "x" + height + "x" + width);
        }
        return values[(channel * height + row) * width + column];
    }
}
