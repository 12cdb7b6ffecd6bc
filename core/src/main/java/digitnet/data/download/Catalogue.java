package digitnet.data.download;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data sets fetched by name. {@link #standard()} holds MNIST, Fashion-MNIST and KMNIST with
 * the MD5 checksums torchvision publishes ({@code torchvision/datasets/mnist.py}) and the sizes
 * TensorFlow Datasets publishes ({@code tensorflow_datasets/url_checksums/*.txt}); see
 * docs/download.md for the table and the commits they were read from.
 */
public final class Catalogue {
    /** The four IDX files of the MNIST family, in this order. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private static final Catalogue STANDARD = new Catalogue(List.of(
            // torchvision MNIST.mirrors (ossci copy first: https) and TFDS's CVDF copy of the same files
            mnistFamily("mnist", List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                            "https://storage.googleapis.com/cvdf-datasets/mnist/", "http://yann.lecun.com/exdb/mnist/"),
                    9912422, "f68b3c2dcbeaaa9fbdd348bbdeb94873", 28881, "d53e105ee54ea40749a09fcbcd1e9432",
                    1648877, "9fb629c4189551a2d022fa330f9573f3", 4542, "ec29112dd5afa0611ce80d1b7f02629c"),
            // Keras fashion_mnist.load_data's copy, then torchvision FashionMNIST.mirrors
            mnistFamily("fashion-mnist", List.of("https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
                            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
                    26421880, "8d4fb7e6c68d591d4c3dfef9ec88bf0d", 29515, "25c81989df183df01b3e8a0aad5dffbe",
                    4422102, "bef4ecab320f06d8554ea6380940ec79", 5148, "bb300cfdad3c16e7a12a480ee83cd310"),
            // torchvision KMNIST.mirrors, its https form first (a redirect between schemes is refused)
            mnistFamily("kmnist", List.of("https://codh.rois.ac.jp/kmnist/dataset/kmnist/",
                            "http://codh.rois.ac.jp/kmnist/dataset/kmnist/"),
                    18165135, "bdb82020997e1d708af4cf47b453dcf7", 29497, "e144d726b3acfaa3e44228e80efcd344",
                    3041136, "5c965bf0a639b31b8f53240b1b52f4d7", 5120, "7320c461ea6c1c855c0b718fb2a4b134")));

    private final Map<String, KnownDataset> sets = new LinkedHashMap<>();

    private Catalogue(List<KnownDataset> sets) {
        for (KnownDataset s : sets) {
            if (this.sets.putIfAbsent(s.name(), s) != null) {
                throw new IllegalArgumentException("two data sets are called " + s.name());
            }
        }
    }

    /** MNIST, Fashion-MNIST and KMNIST. */
    public static Catalogue standard() {
        return STANDARD;
    }

    /** This catalogue and {@code extra}, whose name must be new (used to fetch a data set of one's own). */
    public Catalogue with(KnownDataset extra) {
        List<KnownDataset> all = new ArrayList<>(sets.values());
        all.add(extra);
        return new Catalogue(all);
    }

    /** The data set called {@code name}, or null. */
    public KnownDataset find(String name) {
        return sets.get(name);
    }

    public List<String> names() {
        return List.copyOf(sets.keySet());
    }

    /** Four IDX files in the usual names with their sizes and MD5s. */
    private static KnownDataset mnistFamily(String name, List<String> mirrors, long trainImagesSize, String trainImagesMd5,
                                            long trainLabelsSize, String trainLabelsMd5, long testImagesSize,
                                            String testImagesMd5, long testLabelsSize, String testLabelsMd5) {
        return new KnownDataset(name, mirrors.stream().map(URI::create).toList(), List.of(
                FileSpec.md5(TRAIN_IMAGES, trainImagesSize, trainImagesMd5),
                FileSpec.md5(TRAIN_LABELS, trainLabelsSize, trainLabelsMd5),
                FileSpec.md5(TEST_IMAGES, testImagesSize, testImagesMd5),
                FileSpec.md5(TEST_LABELS, testLabelsSize, testLabelsMd5)));
    }
}
