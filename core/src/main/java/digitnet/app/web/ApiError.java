package digitnet.app.web;

/** A request the server refuses: becomes a 4xx answer with a JSON body {"error": message}. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
