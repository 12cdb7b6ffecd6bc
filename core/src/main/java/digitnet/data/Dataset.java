package digitnet.data;

import java.util.Random;

/**
 * Images and their labels, held compactly: one unsigned byte per pixel (0..255), row-major, one
 * image after another. Pixels are scaled by 1/255 only where they are used ({@link Batcher}).
 *
 * @param pixels     count * height * width bytes
 * @param labels     count labels in 0..classes-1, or null for an unlabelled set (Kaggle's test.csv)
 * @param count      number of images
 * @param height     image height (1 when the pixel count is not a square)
 * @param width      image width
 * @param classes    number of classes K; labels are 0..K-1
 * @param source     where the data came from, for messages
 */
public record Dataset(byte[] pixels, int[] labels, int count, int height, int width, int classes, String source) {

    public Dataset {
        if (count < 0 || height <= 0 || width <= 0 || classes < 2) {
            throw new IllegalArgumentException("bad dataset shape: " + count + " x " + height + "x" + width
                    + ", " + classes + " classes");
        }
        if ((long) count * height * width != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected "
                    + (long) count * height * width);
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

    /** Pixels per image. */
    public int features() {
        return height * width;
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
        return new Dataset(px, lb, indices.length, height, width, classes, name);
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

    /** Shape as "28x28". */
    public String shape() {
        return height + "x" + width;
    }
}
