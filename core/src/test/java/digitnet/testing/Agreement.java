package digitnet.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** How far ONNX Runtime's probabilities are from digitnet's, and how often their argmax agrees. */
public record Agreement(double argmaxAgreement, double maxDifference, int rows) {

    public static Agreement of(float[][] onnx, int[] predicted, float[] probabilities) {
        int k = onnx[0].length;
        int agree = 0;
        double maxDiff = 0;
        for (int r = 0; r < onnx.length; r++) {
            int best = 0;
            for (int c = 0; c < k; c++) {
                maxDiff = Math.max(maxDiff, Math.abs(onnx[r][c] - probabilities[r * k + c]));
                if (onnx[r][c] > onnx[r][best]) {
                    best = c;
                }
            }
            if (best == predicted[r]) {
                agree++;
            }
        }
        return new Agreement((double) agree / onnx.length, maxDiff, onnx.length);
    }

    /** The issue's bar: argmax agrees on at least 99.9% of rows, every probability within 1e-4. */
    public void requireIssueBar() {
        assertThat(rows).isPositive();
        assertThat(argmaxAgreement).as("argmax agreement over %d rows", rows).isGreaterThanOrEqualTo(0.999);
        assertThat(maxDifference).as("largest probability difference").isLessThanOrEqualTo(1e-4);
    }
}
