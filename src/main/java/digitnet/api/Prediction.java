package digitnet.api;

import java.util.List;

/**
 * What a model read in one image.
 *
 * @param digit         the predicted class, 0..classes-1
 * @param label         its label as the model names it ("7" for digits)
 * @param probabilities the probability of each class, summing to 1
 */
public record Prediction(int digit, String label, List<Float> probabilities) {
    /**
     * Copies the probabilities.
     *
     * @throws IllegalArgumentException when {@code digit} is not a class of {@code probabilities}
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
