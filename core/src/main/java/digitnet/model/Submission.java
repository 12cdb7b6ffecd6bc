package digitnet.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The Kaggle "Digit Recognizer" submission: a header {@code ImageId,Label}, then one row per
 * image in input order, ImageId counting from 1. With probabilities, one more column per class
 * ({@code p0..p9}), each the shortest decimal that reads back as the same float. Written all or
 * nothing through {@link AtomicFile}.
 */
public final class Submission {
    private Submission() {}

    /**
     * @param predicted     predicted class index of each image
     * @param probabilities row-major (count, classes), or null for the plain two-column file
     * @param classLabels   the label written for each class index
     */
    public static void write(Path out, int[] predicted, float[] probabilities, List<String> classLabels) {
        int k = classLabels.size();
        if (probabilities != null && probabilities.length != (long) predicted.length * k) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for "
                    + predicted.length + " images of " + k + " classes");
        }
        AtomicFile.write(out, stream -> {
            StringBuilder line = new StringBuilder("ImageId,Label");
            if (probabilities != null) {
                for (String label : classLabels) {
                    line.append(",p").append(label);
                }
            }
            line.append('\n');
            for (int i = 0; i < predicted.length; i++) {
                line.append(i + 1).append(',').append(classLabels.get(predicted[i]));
                if (probabilities != null) {
                    for (int c = 0; c < k; c++) {
                        line.append(',').append(plain(probabilities[i * k + c]));
                    }
                }
                line.append('\n');
                if (line.length() > 1 << 15) {
                    stream.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                    line.setLength(0);
                }
            }
            stream.write(line.toString().getBytes(StandardCharsets.US_ASCII));
        });
    }

    /** The shortest decimal of {@code p} without an exponent: 1.2E-5f gives "0.000012". */
    static String plain(float p) {
        return new BigDecimal(Float.toString(p)).toPlainString();
    }
}
