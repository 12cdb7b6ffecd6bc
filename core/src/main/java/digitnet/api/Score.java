package digitnet.api;

/**
 * How well a network does on a set of labelled rows.
 *
 * @param accuracy the fraction of rows predicted right, 0..1
 * @param loss     the mean cross-entropy
 */
public record Score(double accuracy, double loss) {}
