package digitnet.data.folder;

import digitnet.data.InputException;

/** A picture that cannot be read: corrupt, truncated, too large by its header, or no picture at all. */
public final class BadPictureException extends InputException {
    private static final long serialVersionUID = 1L;

    public BadPictureException(String message) {
        super(message);
    }
}
