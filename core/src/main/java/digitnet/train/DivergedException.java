package digitnet.train;

/** The loss became NaN or infinite: training stops and no model is written. */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int iteration;
    private final double learningRate;

    public DivergedException(int iteration, double learningRate, float loss) {
        super("training diverged at iteration " + iteration + ": the loss became " + loss
                + " with learning rate " + learningRate);
        this.iteration = iteration;
        this.learningRate = learningRate;
    }

    public int iteration() {
        return iteration;
    }

    public double learningRate() {
        return learningRate;
    }
}
