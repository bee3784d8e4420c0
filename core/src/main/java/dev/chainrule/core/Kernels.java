package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

/**
 * The loops behind the tensor ops, over row-major {@code double[]} storage. The maths of each pointwise op
 * comes from {@link Pointwise}; the hottest ops get a loop of their own so that no per-element switch or
 * call stands in the way of the JIT's vectoriser.
 */
final class Kernels {
    /** Whether the Vector API loops of {@link VectorKernels} are used (decided with the matmul kernel's test). */
    static final boolean VECTOR = Gemm.vectorized();

    private Kernels() {
    }

    // ---------------------------------------------------------------- pointwise

    static void unary(Unary u, double[] x, double[] y) {
        if (VECTOR && VectorKernels.unary(u, x, y)) {
            return;
        }
        unaryPlain(u, x, y);
    }

    /**
     * The plain-Java loops of {@link #unary} (also the reference the Vector API loops are tested against): the
     * hottest ops get a loop of their own around the table's static rule, the others the table's switch.
     */
    static void unaryPlain(Unary u, double[] x, double[] y) {
        int n = y.length;
        switch (u) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Pointwise.neg(x[i]);
                }
            }
            case SQUARE -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Pointwise.square(x[i]);
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Pointwise.relu(x[i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[i] = u.apply(x[i]);
                }
            }
        }
    }

    /** out = dL/dx from x, y = u(x) and g = dL/dy, fused into one pass. */
    static void unaryGrad(Unary u, double[] x, double[] y, double[] g, double[] out) {
        if (VECTOR && VectorKernels.unaryGrad(u, x, y, g, out)) {
            return;
        }
        unaryGradPlain(u, x, y, g, out);
    }

    /** The plain-Java loops of {@link #unaryGrad}, specialised as {@link #unaryPlain} is. */
    static void unaryGradPlain(Unary u, double[] x, double[] y, double[] g, double[] out) {
        int n = out.length;
        switch (u) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Pointwise.reluGrad(x[i], g[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Pointwise.tanhGrad(y[i], g[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Pointwise.sigmoidGrad(y[i], g[i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Pointwise.expGrad(y[i], g[i]);
                }
            }
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Pointwise.negGrad(g[i]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = u.grad(x[i], y[i], g[i]);
                }
            }
        }
    }

    /** out = f(a, b) with NumPy broadcasting to {@code so}. */
    static void binary(Binary f, double[] a, Shape sa, double[] b, Shape sb, double[] out, Shape so) {
        int n = out.length;
        if (a.length == n && b.length == n) {
            binaryFlat(f, a, b, out, n);
        } else if (b.length == 1 && a.length == n) {
            double c = b[0];
            switch (f) {
                case ADD: for (int i = 0; i < n; i++) { out[i] = Pointwise.add(a[i], c); } break;
                case SUB: for (int i = 0; i < n; i++) { out[i] = Pointwise.sub(a[i], c); } break;
                case MUL: for (int i = 0; i < n; i++) { out[i] = Pointwise.mul(a[i], c); } break;
                case DIV: for (int i = 0; i < n; i++) { out[i] = Pointwise.div(a[i], c); } break;
                default: for (int i = 0; i < n; i++) { out[i] = f.apply(a[i], c); }
            }
        } else if (a.length == 1 && b.length == n) {
            double c = a[0];
            for (int i = 0; i < n; i++) {
                out[i] = f.apply(c, b[i]);
            }
        } else if (a.length == n && isSuffix(sb, so) && b.length > 0) {
            // b repeats along the leading dimensions: a bias row added to every row
            int m = b.length;
            for (int off = 0; off < n; off += m) {
                switch (f) {
                    case ADD: for (int j = 0; j < m; j++) { out[off + j] = Pointwise.add(a[off + j], b[j]); } break;
                    case MUL: for (int j = 0; j < m; j++) { out[off + j] = Pointwise.mul(a[off + j], b[j]); } break;
                    default: for (int j = 0; j < m; j++) { out[off + j] = f.apply(a[off + j], b[j]); }
                }
            }
        } else {
            int[] ia = broadcastIndex(sa, so);
            int[] ib = broadcastIndex(sb, so);
            for (int i = 0; i < n; i++) {
                out[i] = f.apply(a[ia[i]], b[ib[i]]);
            }
        }
    }

    private static void binaryFlat(Binary f, double[] a, double[] b, double[] out, int n) {
        switch (f) {
            case ADD: for (int i = 0; i < n; i++) { out[i] = Pointwise.add(a[i], b[i]); } break;
            case SUB: for (int i = 0; i < n; i++) { out[i] = Pointwise.sub(a[i], b[i]); } break;
            case MUL: for (int i = 0; i < n; i++) { out[i] = Pointwise.mul(a[i], b[i]); } break;
            case DIV: for (int i = 0; i < n; i++) { out[i] = Pointwise.div(a[i], b[i]); } break;
            default: for (int i = 0; i < n; i++) { out[i] = f.apply(a[i], b[i]); }
        }
    }

    /** Whether {@code s} equals the trailing dimensions of {@code full} (leading 1s ignored). */
    static boolean isSuffix(Shape s, Shape full) {
        int[] d = s.raw();
        int[] f = full.raw();
        int start = 0;
        while (start < d.length && d[start] == 1 && d.length - start > 0) {
            start++;
        }
        int len = d.length - start;
        if (len > f.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (d[start + i] != f[f.length - len + i]) {
                return false;
            }
        }
        return true;
    }

    /** For each element of {@code out} (row-major), the index of the element of a tensor of shape {@code s}
     * that broadcasting maps to it. */
    static int[] broadcastIndex(Shape s, Shape out) {
        int r = out.rank();
        int[] od = out.raw();
        int[] st = new int[r];
        int[] sd = s.raw();
        int off = r - sd.length;
        int acc = 1;
        for (int i = sd.length - 1; i >= 0; i--) {
            st[off + i] = sd[i] == 1 ? 0 : acc;
            acc *= sd[i];
        }
        return stridedIndex(od, st);
    }

    /**
     * For each position of a row-major walk over sizes {@code dims}, the offset sum(pos[d] * strides[d]): the
     * one odometer behind broadcasting (zero strides) and permutation (permuted strides).
     */
    static int[] stridedIndex(int[] dims, int[] strides) {
        int r = dims.length;
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        int[] idx = new int[n];
        int[] pos = new int[r];
        int cur = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = cur;
            for (int d = r - 1; d >= 0; d--) {
                if (++pos[d] < dims[d]) {
                    cur += strides[d];
                    break;
                }
                cur -= strides[d] * (dims[d] - 1);
                pos[d] = 0;
            }
        }
        return idx;
    }

    // ---------------------------------------------------------------- broadcasting and its adjoint

    /** Sums {@code x} (shape {@code sx}) down to {@code target}, a shape that broadcasts to {@code sx}. */
    static double[] sumTo(double[] x, Shape sx, Shape target) {
        int m = target.size();
        double[] out = new double[m];
        int n = x.length;
        if (m == 1) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i];
            }
            out[0] = s;
        } else if (m > 0 && isSuffix(target, sx)) {
            for (int off = 0; off < n; off += m) {
                for (int j = 0; j < m; j++) {
                    out[j] += x[off + j];
                }
            }
        } else if (n > 0) {
            int[] idx = broadcastIndex(target, sx);
            for (int i = 0; i < n; i++) {
                out[idx[i]] += x[i];
            }
        }
        return out;
    }

    /** Copies {@code x} (shape {@code sx}) broadcast to {@code target}. */
    static double[] expand(double[] x, Shape sx, Shape target) {
        int n = target.size();
        double[] out = new double[n];
        if (x.length == 1) {
            java.util.Arrays.fill(out, x[0]);
        } else if (x.length > 0 && isSuffix(sx, target)) {
            int m = x.length;
            for (int off = 0; off < n; off += m) {
                System.arraycopy(x, 0, out, off, m);
            }
        } else if (n > 0) {
            int[] idx = broadcastIndex(sx, target);
            for (int i = 0; i < n; i++) {
                out[i] = x[idx[i]];
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- layout

    /** out = x with its dimensions reordered: out dimension i is x dimension perm[i]. */
    static double[] permute(double[] x, Shape sx, int[] perm) {
        int r = perm.length;
        int[] xs = sx.strides();
        int[] xd = sx.raw();
        int n = x.length;
        double[] out = new double[n];
        if (r == 2 && perm[0] == 1) {
            int rows = xd[0];
            int cols = xd[1];
            final int block = 32;
            for (int i0 = 0; i0 < rows; i0 += block) {
                for (int j0 = 0; j0 < cols; j0 += block) {
                    int i1 = Math.min(rows, i0 + block);
                    int j1 = Math.min(cols, j0 + block);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            out[j * rows + i] = x[i * cols + j];
                        }
                    }
                }
            }
            return out;
        }
        int[] od = new int[r];
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            od[i] = xd[perm[i]];
            st[i] = xs[perm[i]];
        }
        int[] idx = stridedIndex(od, st);
        for (int i = 0; i < n; i++) {
            out[i] = x[idx[i]];
        }
        return out;
    }

    /** Views {@code shape} as (outer, n, inner) around {@code axis}. */
    static int outer(Shape s, int axis) {
        int o = 1;
        for (int i = 0; i < axis; i++) {
            o *= s.raw()[i];
        }
        return o;
    }

    static int inner(Shape s, int axis) {
        int o = 1;
        for (int i = axis + 1; i < s.rank(); i++) {
            o *= s.raw()[i];
        }
        return o;
    }

    /** Copies the block [start, start + len) along {@code axis} of x into an array, or back (scatter = true). */
    static void narrow(double[] x, Shape sx, int axis, int start, int len, double[] part, boolean scatter) {
        int outer = outer(sx, axis);
        int n = sx.raw()[axis];
        int inner = inner(sx, axis);
        int chunk = len * inner;
        for (int o = 0; o < outer; o++) {
            int src = (o * n + start) * inner;
            int dst = o * chunk;
            if (scatter) {
                System.arraycopy(part, dst, x, src, chunk);
            } else {
                System.arraycopy(x, src, part, dst, chunk);
            }
        }
    }

    // ---------------------------------------------------------------- reductions and softmax

    /** Max (or min) along {@code axis}: values into {@code out}, the first index of each extreme into {@code at}. */
    static void extreme(double[] x, Shape sx, int axis, boolean max, double[] out, int[] at) {
        int outer = outer(sx, axis);
        int n = sx.raw()[axis];
        int inner = inner(sx, axis);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double best = x[base];
                int arg = 0;
                for (int k = 1; k < n; k++) {
                    double v = x[base + k * inner];
                    if (max ? v > best : v < best) {
                        best = v;
                        arg = k;
                    } else if (Double.isNaN(v) && !Double.isNaN(best)) {
                        best = v; // NaN wins, as in NumPy
                        arg = k;
                    }
                }
                out[o * inner + i] = best;
                at[o * inner + i] = arg;
            }
        }
    }

    /** Softmax (or log-softmax) along {@code axis}, max-subtracted so that no exponent overflows. */
    static void softmax(double[] x, Shape sx, int axis, boolean log, double[] out) {
        int outer = outer(sx, axis);
        int n = sx.raw()[axis];
        int inner = inner(sx, axis);
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
                    double e = Math.exp(x[base + k * inner] - m);
                    if (!log) {
                        out[base + k * inner] = e;
                    }
                    s += e;
                }
                if (log) {
                    double lse = m + Math.log(s);
                    for (int k = 0; k < n; k++) {
                        out[base + k * inner] = x[base + k * inner] - lse;
                    }
                } else {
                    double inv = 1.0 / s;
                    for (int k = 0; k < n; k++) {
                        out[base + k * inner] *= inv;
                    }
                }
            }
        }
    }

    /**
     * The backward pass of softmax (out = y (g - sum(g y))) or of log-softmax (out = g - exp(y) sum(g)) along
     * {@code axis}, fused into one pass per row.
     */
    static void softmaxGrad(double[] g, double[] y, Shape s, int axis, boolean log, double[] out) {
        int outer = outer(s, axis);
        int n = s.raw()[axis];
        int inner = inner(s, axis);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    int p = base + k * inner;
                    dot += log ? g[p] : g[p] * y[p];
                }
                for (int k = 0; k < n; k++) {
                    int p = base + k * inner;
                    out[p] = log ? g[p] - Math.exp(y[p]) * dot : y[p] * (g[p] - dot);
                }
            }
        }
    }

    // ---------------------------------------------------------------- indexing

    /** out[..., j, ...] = x[..., index[j], ...] along {@code axis} (or the adjoint, adding into x). */
    static void indexSelect(double[] x, Shape sx, int axis, int[] index, double[] out, boolean add) {
        int outer = outer(sx, axis);
        int n = sx.raw()[axis];
        int inner = inner(sx, axis);
        int m = index.length;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < m; j++) {
                int src = (o * n + index[j]) * inner;
                int dst = (o * m + j) * inner;
                if (add) {
                    for (int i = 0; i < inner; i++) {
                        x[src + i] += out[dst + i];
                    }
                } else {
                    System.arraycopy(x, src, out, dst, inner);
                }
            }
        }
    }

    /**
     * PyTorch's gather along {@code axis}: out[o, j, i] = x[o, index[o, j, i], i], where index has x's shape
     * except along axis (or the adjoint, scatter-adding out into x).
     */
    static void gather(double[] x, Shape sx, int axis, int[] index, Shape si, double[] out, boolean add) {
        int outer = outer(si, axis);
        int m = si.raw()[axis];
        int inner = inner(si, axis);
        int n = sx.raw()[axis];
        int xInner = inner(sx, axis);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < m; j++) {
                for (int i = 0; i < inner; i++) {
                    int p = (o * m + j) * inner + i;
                    int src = (o * n + index[p]) * xInner + i;
                    if (add) {
                        x[src] += out[p];
                    } else {
                        out[p] = x[src];
                    }
                }
            }
        }
    }
}
