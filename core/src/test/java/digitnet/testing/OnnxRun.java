package digitnet.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import digitnet.data.Dataset;
import java.nio.FloatBuffer;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime on a data set's raw pixels, as a user of the export would. */
public final class OnnxRun implements AutoCloseable {
    public static final String INPUT = "pixels", OUTPUT = "probabilities";

    final OrtEnvironment env = OrtEnvironment.getEnvironment();
    public final OrtSession session;

    public OnnxRun(byte[] model) throws OrtException {
        session = env.createSession(model, new OrtSession.SessionOptions());
    }

    /** Probabilities (count, classes) of every image of {@code d}, fed as floats 0..255. */
    public float[][] probabilities(Dataset d) throws OrtException {
        int f = d.features();
        float[] pixels = new float[d.count() * f];
        for (int i = 0; i < d.count(); i++) {
            for (int j = 0; j < f; j++) {
                pixels[i * f + j] = d.pixel(i, j);
            }
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {d.count(), f});
             OrtSession.Result r = session.run(Map.of(INPUT, x))) {
            return (float[][]) r.get(OUTPUT).orElseThrow().getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
