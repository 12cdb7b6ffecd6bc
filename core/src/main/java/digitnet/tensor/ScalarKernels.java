package digitnet.tensor;

/** The plain-Java kernels: the fallback when the Vector API is absent, and the reference in tests. */
final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void gemm(float[] a, int aRow, int aCol, float[] b, float[] bias, float[] c, int k, int n, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int ci = i * n;
            for (int j = 0; j < n; j++) {
                c[ci + j] = bias == null ? 0f : bias[j];
            }
            for (int p = 0; p < k; p++) {
                float aip = a[i * aRow + p * aCol];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public void gemmTransB(float[] a, float[] b, float[] c, int k, int n, int i0, int i1) {
        for (int i = i0; i < i1; i++) {
            int ai = i * k;
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                c[i * n + j] = s;
            }
        }
    }

    @Override
    public void gather(int[] start, int[] index, float[] values, float[] src, int stride,
                       float[] bias, float[] out, int n, int t0, int t1) {
        for (int t = t0; t < t1; t++) {
            int o = t * n;
            for (int j = 0; j < n; j++) {
                out[o + j] = 0f;
            }
            for (int e = start[t]; e < start[t + 1]; e++) {
                float v = values[e];
                int s = index[e] * stride;
                for (int j = 0; j < n; j++) {
                    out[o + j] += v * src[s + j];
                }
            }
            for (int j = 0; j < n; j++) {
                out[o + j] += bias == null ? 0f : bias[j];
            }
        }
    }

    @Override
    public void reluBackward(float[] y, float[] dy, float[] dx, int size) {
        for (int i = 0; i < size; i++) {
            dx[i] = y[i] > 0f ? dy[i] : 0f;
        }
    }

    @Override
    public void exp(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            x[i] = (float) Math.exp(x[i]);
        }
    }
}
