package digitnet.model;

/** An output cannot be written (missing directory, read-only, disk full). Nothing is left behind. */
public class OutputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
