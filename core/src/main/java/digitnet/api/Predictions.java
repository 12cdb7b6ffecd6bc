package digitnet.api;

/**
 * What a model read in every image of a set, in the set's order. Arrays that do not hold one row
 * per image are refused with an {@link IllegalArgumentException}.
 *
 * @param digits        the predicted class of each image
 * @param probabilities the probability of each class, row by row: image i's class c at
 *                      {@code i * classes + c}
 * @param classes       the number of classes
 */
public record Predictions(int[] digits, float[] probabilities, int classes) {
    /**
     * Checks the sizes.
     *
     * @param digits        the predicted class of each image
     * @param probabilities the probability of each class, row by row
     * @param classes       the number of classes
     */
    public Predictions {
        if (classes < 1 || (long) digits.length * classes != probabilities.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + digits.length
                    + " images of " + classes + " classes");
        }
    }

    /** @return the number of images */
    public int count() {
        return digits.length;
    }

    /**
     * @param image the image's position
     * @return its predicted class
     */
    public int digit(int image) {
        return digits[image];
    }

    /**
     * @param image the image's position
     * @param digit a class
     * @return the probability the model gives to that class for that image
     */
    public float probability(int image, int digit) {
        return probabilities[image * classes + java.util.Objects.checkIndex(digit, classes)];
    }
}
