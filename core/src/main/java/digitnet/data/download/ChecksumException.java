package digitnet.data.download;

import digitnet.data.InputException;

/** A fetched file is not the published one (size or checksum); nothing was saved under its name. */
public class ChecksumException extends InputException {
    private static final long serialVersionUID = 1L;

    public ChecksumException(String message) {
        super(message);
    }
}
