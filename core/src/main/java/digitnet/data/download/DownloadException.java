package digitnet.data.download;

import digitnet.data.InputException;

/** No mirror gave a file (unreachable, HTTP error, stalled, refused redirect); the message names each attempt. */
public class DownloadException extends InputException {
    private static final long serialVersionUID = 1L;

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
