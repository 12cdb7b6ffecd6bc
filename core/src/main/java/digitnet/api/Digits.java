package digitnet.api;

import digitnet.data.Dataset;
import digitnet.data.InputException;

/**
 * A set of grey-level images, usually of digits, with or without labels: one byte per pixel,
 * 0 (background) to 255 (ink), light ink on a dark background as in MNIST. Made by the readers of
 * {@link Digitnet} ({@link Digitnet#sample()}, {@link Digitnet#read(java.nio.file.Path)}, ...).
 * Immutable.
 */
public final class Digits {
    private final Dataset dataset;
    private volatile String contentSha256;      // computed on first use

    Digits(Dataset dataset) {
        this.dataset = dataset;
    }

    /**
     * The SHA-256 (hex) of the content: shape, classes, labels and pixels, not the source name; what
     * a model trained on this set records as {@code data_content_sha256}, and what a resume is
     * checked against. Computed once per {@code Digits} (about 10 ms for 10,000 MNIST images once the
     * JIT has compiled the digest, 120 ms before).
     *
     * @return 64 lowercase hex digits
     */
    public String contentSha256() {
        String h = contentSha256;
        if (h == null) {
            h = dataset.contentSha256();
            contentSha256 = h;
        }
        return h;
    }

    /** @return the number of images */
    public int count() {
        return dataset.count();
    }

    /** @return the image height in pixels (1 when the data's rows are not square images) */
    public int height() {
        return dataset.height();
    }

    /** @return the image width in pixels */
    public int width() {
        return dataset.width();
    }

    /**
     * @return 1 for grey images, 3 for colour ones (a folder of colour pictures); each image's bytes are
     * channel-major: all red bytes, then green, then blue, as PyTorch's NCHW
     */
    public int channels() {
        return dataset.channels();
    }

    /** @return the image shape: "28x28" for grey, "3x32x32" for colour */
    public String shape() {
        return dataset.shape();
    }

    /** @return one name per class: the class folders' names for a folder, else "0".."classes-1" */
    public java.util.List<String> classNames() {
        return dataset.names();
    }

    /** @return the number of classes; labels are 0..classes-1 */
    public int classes() {
        return dataset.classes();
    }

    /** @return whether every image has a label */
    public boolean labelled() {
        return dataset.labelled();
    }

    /** @return where the images came from: a file name or the embedded sample's name */
    public String source() {
        return dataset.source();
    }

    /**
     * @param index the image's position, 0..count-1
     * @return the image's label
     * @throws InputException when the set has no labels
     * @throws IndexOutOfBoundsException when {@code index} is not a position of this set
     */
    public int label(int index) {
        if (!dataset.labelled()) {
            throw new InputException(dataset.source() + ": has no labels");
        }
        return dataset.labels()[java.util.Objects.checkIndex(index, count())];
    }

    /**
     * @param index the image's position, 0..count-1
     * @return a copy of the image's channels x height x width bytes, channel by channel and row by row, 0..255 as unsigned bytes
     * @throws IndexOutOfBoundsException when {@code index} is not a position of this set
     */
    public byte[] image(int index) {
        java.util.Objects.checkIndex(index, count());
        byte[] out = new byte[dataset.features()];
        System.arraycopy(dataset.pixels(), index * out.length, out, 0, out.length);
        return out;
    }

    /**
     * @param n how many images, 0..count
     * @return the first {@code n} images (and labels), copied
     * @throws IllegalArgumentException when {@code n} is out of range
     */
    public Digits first(int n) {
        if (n < 0 || n > count()) {
            throw new IllegalArgumentException("n must be 0.." + count() + ", got " + n);
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return new Digits(dataset.subset(rows, dataset.source()));
    }

    /**
     * The same images and labels under another name: the name error messages use and a model trained
     * on them records (a model's {@link Model#devRows(Digits)} finds its rows again by name and content).
     *
     * @param source the new name
     * @return the same images, named {@code source} (the pixels are shared: both are immutable)
     */
    public Digits named(String source) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source must be a non-blank name");
        }
        return new Digits(dataset.named(source));
    }

    /** The data set inside, for the library's own use. */
    Dataset dataset() {
        return dataset;
    }

    /** @return "10000 labelled 28x28 images from SOURCE" */
    @Override
    public String toString() {
        return count() + (labelled() ? " labelled " : " unlabelled ") + dataset.shape() + " images from " + source();
    }
}
