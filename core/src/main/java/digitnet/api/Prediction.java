package digitnet.api;

import java.util.List;

/**
 * What a model read in one image. A {@code digit} that is not a class of {@code probabilities} is
 * refused with an {@link IllegalArgumentException}.
 *
 * @param digit         the predicted class, 0..classes-1
 * @param label         its label as the model names it ("7" for digits)
 * @param probabilities the probability of each class, summing to 1
 */
public record Prediction(int digit, String label, List<Float> probabilities) {
    /**
     * Copies the probabilities and checks the digit.
     *
     * @param digit         the predicted class
     * @param label         its label
     * @param probabilities the probability of each class
     */
    public Prediction {
        probabilities = List.copyOf(probabilities);
        if (digit < 0 || digit >= probabilities.size()) {
            throw new IllegalArgumentException("digit " + digit + " is not one of " + probabilities.size() + " classes");
        }
    }

    /** @return the probability of the predicted class */
    public float confidence() {
        return probabilities.get(digit);
    }
}
