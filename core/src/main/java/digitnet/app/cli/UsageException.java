package digitnet.app.cli;

/** A command line the CLI itself found wrong (a bad option value, options that do not go together): exit 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
