package digitnet.app.cli;

/** The exit codes of every command (documented in the README). */
public final class ExitCodes {
    public static final int OK = 0;
    /** Training failed: the loss diverged. */
    public static final int TRAINING_FAILED = 1;
    /** Bad command line: unknown option, bad option value. */
    public static final int USAGE = 2;
    /** Bad input file: malformed data, model or image. */
    public static final int BAD_INPUT = 3;
    /** An output could not be written. */
    public static final int CANNOT_WRITE = 4;
    /** A bug in digitnet. */
    public static final int INTERNAL = 70;

    private ExitCodes() {}
}
