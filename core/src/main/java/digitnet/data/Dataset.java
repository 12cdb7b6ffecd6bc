package digitnet.data;

import java.util.List;
import java.util.Random;

/**
 * Images and their labels, held compactly: one unsigned byte per pixel and channel (0..255), one
 * image after another, each channel-major as PyTorch's NCHW: byte (c, y, x) of image i is at
 * {@code i * features() + (c * height + y) * width + x}. Pixels are scaled by 1/255 only where they
 * are used ({@link Batcher}).
 *
 * @param pixels     count * channels * height * width bytes
 * @param labels     count labels in 0..classes-1, or null for an unlabelled set (Kaggle's test.csv)
 * @param count      number of images
 * @param channels   1 (grey levels) or 3 (red, green, blue planes)
 * @param height     image height (1 when the pixel count is not a square)
 * @param width      image width
 * @param classes    number of classes K; labels are 0..K-1
 * @param classNames K names, one per label (a folder's class subfolders), or null: the labels' numbers
 * @param source     where the data came from, for messages
 */
public record Dataset(byte[] pixels, int[] labels, int count, int channels, int height, int width, int classes,
                      List<String> classNames, String source) {

    public Dataset {
        if (count < 0 || (channels != 1 && channels != 3) || height <= 0 || width <= 0 || classes < 2) {
            throw new IllegalArgumentException("bad dataset shape: " + count + " x " + channels + "x" + height + "x"
                    + width + ", " + classes + " classes");
        }
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected "
                    + (long) count * channels * height * width);
        }
        if (classNames != null) {
            classNames = List.copyOf(classNames);
            if (classNames.size() != classes) {
                throw new IllegalArgumentException(classNames.size() + " class names for " + classes + " classes");
            }
        }
        if (labels != null) {
            if (labels.length != count) {
                throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
            }
            for (int i = 0; i < count; i++) {
                if (labels[i] < 0 || labels[i] >= classes) {
                    throw new IllegalArgumentException("label " + labels[i] + " of image " + i
                            + " is outside 0.." + (classes - 1));
                }
            }
        }
    }

    /** Grey images with numbered classes, as the CSV and IDX readers make them. */
    public Dataset(byte[] pixels, int[] labels, int count, int height, int width, int classes, String source) {
        this(pixels, labels, count, 1, height, width, classes, null, source);
    }

    /** Bytes per image: channels * height * width. */
    public int features() {
        return channels * height * width;
    }

    /** The name of class {@code k}: its folder's name, or its number. */
    public String className(int k) {
        return classNames != null ? classNames.get(k) : Integer.toString(k);
    }

    /** The K class names: the folders' names, or "0".."K-1". */
    public List<String> names() {
        return classNames != null ? classNames : numbered(classes);
    }

    /** The longest class name: a folder name of up to 100 characters. */
    public static final int MAX_CLASS_NAME = 100;

    /** Why {@code name} cannot name a class (blank, too long, a control character), or null when it can. */
    public static String classNameProblem(String name) {
        if (name.isBlank() || name.length() > MAX_CLASS_NAME) {
            return "must be 1 to " + MAX_CLASS_NAME + " characters, not blank";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD') {
                return "holds a control character or an undecodable byte at position " + i;
            }
        }
        return null;
    }

    /** "0", "1", ..., "K-1". */
    public static List<String> numbered(int classes) {
        String[] names = new String[classes];
        for (int i = 0; i < classes; i++) {
            names[i] = Integer.toString(i);
        }
        return List.of(names);
    }

    /** The same images under another name. */
    public Dataset named(String name) {
        return new Dataset(pixels, labels, count, channels, height, width, classes, classNames, name);
    }

    public boolean labelled() {
        return labels != null;
    }

    /** Pixel {@code j} of image {@code i}, 0..255. */
    public int pixel(int i, int j) {
        return pixels[i * features() + j] & 0xFF;
    }

    /** The images at {@code indices}, in that order, copied. */
    public Dataset subset(int[] indices, String name) {
        int f = features();
        byte[] px = new byte[indices.length * f];
        int[] lb = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * f, px, i * f, f);
            if (lb != null) {
                lb[i] = labels[indices[i]];
            }
        }
        return new Dataset(px, lb, indices.length, channels, height, width, classes, classNames, name);
    }

    /** A permutation of 0..n-1 drawn with {@code random} (Fisher-Yates). */
    public static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, n, random);
        return p;
    }

    /** Shuffles the first n entries of {@code a} in place (Fisher-Yates); allocates nothing. */
    public static void shuffle(int[] a, int n, Random random) {
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * SHA-256 (hex) of the content: shape, classes, labels and pixels, not the source name. Two
     * loads of the same rows in the same order give the same checksum whatever the file format.
     */
    public String contentSha256() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(16).putInt(count).putInt(height).putInt(width)
                    .putInt(classes);
            md.update(head.array());
            if (channels != 1) {    // grey sets keep the checksum they always had
                md.update(java.nio.ByteBuffer.allocate(4).putInt(channels).array());
            }
            if (classNames != null) {
                md.update(String.join("\n", classNames).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (labels != null) {
                java.nio.ByteBuffer lb = java.nio.ByteBuffer.allocate(4 * count);
                lb.asIntBuffer().put(labels);
                md.update(lb.array());
            }
            md.update(pixels);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shape as "28x28", or "3x32x32" for colour. */
    public String shape() {
        return (channels == 1 ? "" : channels + "x") + height + "x" + width;
    }
}
