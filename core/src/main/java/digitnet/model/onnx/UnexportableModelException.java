package digitnet.model.onnx;

import digitnet.data.InputException;

/** A model holds a layer that has no ONNX form; the message names the file and the layer. */
public final class UnexportableModelException extends InputException {
    private static final long serialVersionUID = 1L;

    public UnexportableModelException(String message) {
        super(message);
    }
}
