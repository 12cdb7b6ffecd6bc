package digitnet.train;

/** The checkpoint tensors of a model do not fit the run that resumes from them (missing or misshapen state). */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }
}
