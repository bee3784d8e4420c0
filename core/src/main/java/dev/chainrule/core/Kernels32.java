package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

/**
 * The float32 loops of the pointwise and broadcasting kernels ({@link Kernels} has the float64 ones). The maths
 * is the op table's ({@link Pointwise}): each element is widened, the table's rule applied, and the result
 * rounded, which for +, -, * and / is exactly float32 arithmetic (a double holds the exact sum or product of
 * two floats, so rounding it once gives the correctly rounded float) and for the others at least as accurate.
 * Sums accumulate in double. Ops without a loop here run the float64 loop on a widened copy and round its result
 * ({@link TensorNode#result(double[], Shape, String, TensorNode.Backward, Tensor...)}).
 */
final class Kernels32 {
    private Kernels32() {
    }

    static void unary(Unary u, float[] x, float[] y) {
        if (Kernels.VECTOR && VectorKernels32.unary(u, x, y)) {
            return;
        }
        unaryPlain(u, x, y);
    }

    /** The plain-Java loops of {@link #unary} (also the reference the Vector API loops are tested against). */
    static void unaryPlain(Unary u, float[] x, float[] y) {
        int n = y.length;
        switch (u) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    y[i] = (float) Pointwise.neg(x[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Pointwise.relu(x[i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[i] = (float) u.apply(x[i]);
                }
            }
        }
    }

    static void unaryGrad(Unary u, float[] x, float[] y, float[] g, float[] out) {
        if (Kernels.VECTOR && VectorKernels32.unaryGrad(u, x, y, g, out)) {
            return;
        }
        unaryGradPlain(u, x, y, g, out);
    }

    /** The plain-Java loops of {@link #unaryGrad}. */
    static void unaryGradPlain(Unary u, float[] x, float[] y, float[] g, float[] out) {
        int n = out.length;
        switch (u) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Pointwise.reluGrad(x[i], g[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) Pointwise.tanhGrad(y[i], g[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) Pointwise.sigmoidGrad(y[i], g[i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) u.grad(x[i], y[i], g[i]);
                }
            }
        }
    }

    /** out = f(a, b) with NumPy broadcasting to {@code so}. */
    static void binary(Binary f, float[] a, Shape sa, float[] b, Shape sb, float[] out, Shape so) {
        int n = out.length;
        if (a.length == n && b.length == n) {
            switch (f) {
                case ADD: for (int i = 0; i < n; i++) { out[i] = (float) Pointwise.add(a[i], b[i]); } break;
                case SUB: for (int i = 0; i < n; i++) { out[i] = (float) Pointwise.sub(a[i], b[i]); } break;
                case MUL: for (int i = 0; i < n; i++) { out[i] = (float) Pointwise.mul(a[i], b[i]); } break;
                default: for (int i = 0; i < n; i++) { out[i] = (float) f.apply(a[i], b[i]); }
            }
        } else if (b.length == 1 && a.length == n) {
            double c = b[0];
            switch (f) {
                case ADD: for (int i = 0; i < n; i++) { out[i] = (float) Pointwise.add(a[i], c); } break;
                case MUL: for (int i = 0; i < n; i++) { out[i] = (float) Pointwise.mul(a[i], c); } break;
                default: for (int i = 0; i < n; i++) { out[i] = (float) f.apply(a[i], c); }
            }
        } else if (a.length == 1 && b.length == n) {
            double c = a[0];
            for (int i = 0; i < n; i++) {
                out[i] = (float) f.apply(c, b[i]);
            }
        } else if (a.length == n && Kernels.isSuffix(sb, so) && b.length > 0) {
            // b repeats along the leading dimensions: a bias row added to every row
            int m = b.length;
            for (int off = 0; off < n; off += m) {
                if (f == Binary.ADD) {
                    for (int j = 0; j < m; j++) {
                        out[off + j] = (float) Pointwise.add(a[off + j], b[j]);
                    }
                } else {
                    for (int j = 0; j < m; j++) {
                        out[off + j] = (float) f.apply(a[off + j], b[j]);
                    }
                }
            }
        } else {
            int[] ia = Kernels.broadcastIndex(sa, so);
            int[] ib = Kernels.broadcastIndex(sb, so);
            for (int i = 0; i < n; i++) {
                out[i] = (float) f.apply(a[ia[i]], b[ib[i]]);
            }
        }
    }

    /** Sums {@code x} (shape {@code sx}) down to {@code target}, accumulating in double. */
    static float[] sumTo(float[] x, Shape sx, Shape target) {
        int m = target.size();
        double[] acc = new double[m];
        int n = x.length;
        if (m == 1) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i];
            }
            acc[0] = s;
        } else if (m > 0 && Kernels.isSuffix(target, sx)) {
            for (int off = 0; off < n; off += m) {
                for (int j = 0; j < m; j++) {
                    acc[j] += x[off + j];
                }
            }
        } else if (n > 0) {
            int[] idx = Kernels.broadcastIndex(target, sx);
            for (int i = 0; i < n; i++) {
                acc[idx[i]] += x[i];
            }
        }
        return Storage.narrow(acc);
    }

    /** Copies {@code x} (shape {@code sx}) broadcast to {@code target}. */
    static float[] expand(float[] x, Shape sx, Shape target) {
        int n = target.size();
        float[] out = new float[n];
        if (x.length == 1) {
            java.util.Arrays.fill(out, x[0]);
        } else if (x.length > 0 && Kernels.isSuffix(sx, target)) {
            int m = x.length;
            for (int off = 0; off < n; off += m) {
                System.arraycopy(x, 0, out, off, m);
            }
        } else if (n > 0) {
            int[] idx = Kernels.broadcastIndex(sx, target);
            for (int i = 0; i < n; i++) {
                out[i] = x[idx[i]];
            }
        }
        return out;
    }

    /**
     * y += alpha x with alpha rounded to float and one rounding per element (a fused multiply-add): an optimizer's
     * update of a float32 leaf, as PyTorch's {@code add_(x, alpha=...)} computes it in float32.
     */
    static void axpy(double alpha, float[] x, float[] y) {
        if (Kernels.VECTOR) {
            VectorKernels32.axpy((float) alpha, x, y);
            return;
        }
        float a = (float) alpha;
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.fma(a, x[i], y[i]);
        }
    }
    /**
     * Softmax (or log-softmax) along {@code axis} of float32 values, max-subtracted, the sums accumulated in double
     * ({@link Kernels#softmax}'s maths).
     */
    static void softmax(float[] x, Shape sx, int axis, boolean log, float[] out) {
        int outer = Kernels.outer(sx, axis);
        int n = sx.raw()[axis];
        int inner = Kernels.inner(sx, axis);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) {
                    m = Math.max(m, x[base + k * inner]);
                }
                if (m == Double.NEGATIVE_INFINITY) {
                    m = 0; // all -inf: softmax is NaN, as in NumPy (0/0)
                }
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += Math.exp(x[base + k * inner] - m);
                }
                double lse = m + Math.log(s);
                for (int k = 0; k < n; k++) {
                    double v = x[base + k * inner] - lse;
                    out[base + k * inner] = (float) (log ? v : Math.exp(v));
                }
            }
        }
    }

    /** {@link Kernels#softmaxGrad} over float32 values, the sums accumulated in double. */
    static void softmaxGrad(float[] g, float[] y, Shape s, int axis, boolean log, float[] out) {
        int outer = Kernels.outer(s, axis);
        int n = s.raw()[axis];
        int inner = Kernels.inner(s, axis);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    int p = base + k * inner;
                    dot += log ? g[p] : (double) g[p] * y[p];
                }
                for (int k = 0; k < n; k++) {
                    int p = base + k * inner;
                    out[p] = (float) (log ? g[p] - Math.exp(y[p]) * dot : y[p] * (g[p] - dot));
                }
            }
        }
    }
}
