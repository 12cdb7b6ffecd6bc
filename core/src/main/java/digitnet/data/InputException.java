package digitnet.data;

/**
 * Bad input from outside: a malformed file, a wrong shape, a label out of range. The message
 * names the file and the place (line and column, byte offset or field) and what was expected;
 * the command line prints it as one line.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "file:line:column: message". */
    public static InputException at(String file, long line, long column, String message) {
        return new InputException(file + ":" + line + ":" + column + ": " + message);
    }

    /** "file: byte offset N: message". */
    public static InputException atByte(String file, long offset, String message) {
        return new InputException(file + ": byte " + offset + ": " + message);
    }
}
