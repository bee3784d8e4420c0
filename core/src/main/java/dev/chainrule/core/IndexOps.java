package dev.chainrule.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The slicing and indexing ops of {@link Tensor} (narrow, slice, select, indexSelect, gather, where) and the
 * joins (concat, stack), each with its backward rule, the adjoint scatter, beside it.
 */
final class IndexOps {
    private IndexOps() {
    }

    /**
     * Elementwise choice, broadcast: a where mask is non-zero, b elsewhere. The mask is a constant; the gradient
     * goes to a where the mask is non-zero and to b elsewhere.
     */
    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        Shape s = Shape.broadcast(Shape.broadcast(mask.shape, a.shape, "where"), b.shape, "where");
        double[] m = mask.shape.equals(s) ? mask.f64() : Kernels.expand(mask.f64(), mask.shape, s);
        double[] x = a.shape.equals(s) ? a.f64() : Kernels.expand(a.f64(), a.shape, s);
        double[] y = b.shape.equals(s) ? b.f64() : Kernels.expand(b.f64(), b.shape, s);
        double[] r = new double[s.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = m[i] != 0 ? x[i] : y[i];
        }
        Tensor zero = Elementwise.constant("where", 0.0, DType.of(a, b));
        // a copy, not a view: the mask is no input of the op, so the version check cannot see it change
        Tensor constMask = Tensor.copy(mask);
        return Tensor.result(r, s, "where", (g, out) -> new Tensor[] {
            a.requiresGradFlag() ? Tensor.where(constMask, g, zero).sumTo(a.shape) : null,
            b.requiresGradFlag() ? Tensor.where(constMask, zero, g).sumTo(b.shape) : null}, a, b);
    }

    /** The elements [start, start + length) along {@code axis}; the gradient is padded back with zeros. */
    static Tensor narrow(Tensor x, int axis, int start, int length) {
        int a = x.shape.axis(axis, "narrow");
        int n = x.shape.raw()[a];
        if (start < 0 || length < 0 || start + length > n) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length) + ") is outside "
                    + "[0, " + n + ") along axis " + axis + " of shape " + x.shape);
        }
        if (start == 0 && length == n) {
            return x;
        }
        int[] d = x.shape.dims();
        d[a] = length;
        Shape s = Shape.of(d);
        double[] out = new double[s.size()];
        Kernels.narrow(x.f64(), x.shape, a, start, length, out, false);
        Shape full = x.shape;
        return Tensor.result(out, s, "narrow", (g, y) -> new Tensor[] {padNarrow(g, a, start, full)}, x);
    }

    /** The adjoint of narrow: {@code part} placed at [start, ...) along axis in zeros of shape {@code full}. */
    static Tensor padNarrow(Tensor part, int axis, int start, Shape full) {
        double[] out = new double[full.size()];
        Kernels.narrow(out, full, axis, start, part.shape.raw()[axis], part.f64(), true);
        int len = part.shape.raw()[axis];
        return Tensor.result(out, full, "pad", (g, y) -> new Tensor[] {g.narrow(axis, start, len)}, part);
    }

    /** The elements start, start + step, ... before end along {@code axis} (step &gt; 0). */
    static Tensor slice(Tensor x, int axis, int start, int end, int step) {
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step " + step + " must be > 0");
        }
        if (step == 1) {
            return x.slice(axis, start, end);
        }
        int a = x.shape.axis(axis, "slice");
        int n = x.shape.raw()[a];
        int s = Math.max(0, Math.min(n, start < 0 ? start + n : start));
        int e = Math.max(s, Math.min(n, end < 0 ? end + n : end));
        int[] idx = new int[(e - s + step - 1) / step];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = s + i * step;
        }
        return x.indexSelect(a, idx);
    }

    /** The slice at {@code index} along {@code axis}, with that axis removed (negative index from the end). */
    static Tensor select(Tensor x, int axis, int index) {
        int a = x.shape.axis(axis, "select");
        int n = x.shape.raw()[a];
        int i = index < 0 ? index + n : index;
        if (i < 0 || i >= n) {
            throw new IllegalArgumentException("select: index " + index + " is out of range for axis " + axis
                    + " of shape " + x.shape + " (size " + n + ")");
        }
        return x.narrow(a, i, 1).squeeze(a);
    }

    /** The slices at the given indices along {@code axis}, in that order (repeats allowed). */
    static Tensor indexSelect(Tensor x, int axis, int... indices) {
        int a = x.shape.axis(axis, "indexSelect");
        int n = x.shape.raw()[a];
        for (int j = 0; j < indices.length; j++) {
            if (indices[j] < 0 || indices[j] >= n) {
                throw new IllegalArgumentException("indexSelect: index " + indices[j] + " at position " + j
                        + " is out of range for axis " + axis + " of shape " + x.shape + " (size " + n + ")");
            }
        }
        int[] idx = indices.clone();
        int[] d = x.shape.dims();
        d[a] = idx.length;
        Shape s = Shape.of(d);
        double[] out = new double[s.size()];
        Kernels.indexSelect(x.f64(), x.shape, a, idx, out, false);
        Shape full = x.shape;
        return Tensor.result(out, s, "indexSelect", (g, y) -> new Tensor[] {indexAdd(g, a, idx, full)}, x);
    }

    /** The adjoint of indexSelect: the slices of {@code part} added at the indices into zeros of shape full. */
    static Tensor indexAdd(Tensor part, int axis, int[] idx, Shape full) {
        double[] out = new double[full.size()];
        Kernels.indexSelect(out, full, axis, idx, part.f64(), true);
        return Tensor.result(out, full, "indexAdd", (g, y) -> new Tensor[] {g.indexSelect(axis, idx)}, part);
    }

    /**
     * PyTorch's gather: out[i][j] = this[i][index[i][j]] for axis 1 (and so on for other axes). The index
     * tensor holds integral values and has this tensor's shape except along {@code axis}.
     */
    static Tensor gather(Tensor x, int axis, Tensor index) {
        int a = x.shape.axis(axis, "gather");
        if (index.rank() != x.rank()) {
            throw new IllegalArgumentException("gather: index of shape " + index.shape + " for input of shape "
                    + x.shape + ": ranks differ");
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != a && index.shape.raw()[i] != x.shape.raw()[i]) {
                throw new IllegalArgumentException("gather: index of shape " + index.shape + " for input of shape "
                        + x.shape + ": sizes differ along axis " + i);
            }
        }
        int[] idx = indices(index, "gather", x.shape.raw()[a]);
        double[] out = new double[index.size()];
        Kernels.gather(x.f64(), x.shape, a, idx, index.shape, out, false);
        Tensor constIndex = Tensor.copy(index); // a copy, as where's mask
        Shape full = x.shape;
        return Tensor.result(out, index.shape, "gather", (g, y) -> new Tensor[] {scatterAdd(g, a, constIndex, full)},
                x);
    }

    /** The adjoint of gather: {@code src} added at the indices along axis into zeros of shape full. */
    static Tensor scatterAdd(Tensor src, int axis, Tensor index, Shape full) {
        int[] idx = indices(index, "scatterAdd", full.raw()[axis]);
        double[] out = new double[full.size()];
        Kernels.gather(out, full, axis, idx, index.shape, src.f64(), true);
        return Tensor.result(out, full, "scatterAdd", (g, y) -> new Tensor[] {g.gather(axis, index)}, src);
    }

    /** The tensors joined along {@code axis}; all other sizes must agree. */
    static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = parts.get(0);
        int a = first.shape.axis(axis, "concat");
        int total = 0;
        for (Tensor t : parts) {
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: shapes " + first.shape + " and " + t.shape
                        + " have different ranks");
            }
            for (int i = 0; i < t.rank(); i++) {
                if (i != a && t.shape.raw()[i] != first.shape.raw()[i]) {
                    throw new IllegalArgumentException("concat: shapes " + first.shape + " and " + t.shape
                            + " differ along axis " + i + ", not only along the concatenation axis " + axis);
                }
            }
            total += t.shape.raw()[a];
        }
        int[] d = first.shape.dims();
        d[a] = total;
        Shape s = Shape.of(d);
        double[] out = new double[s.size()];
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int k = 0; k < parts.size(); k++) {
            Tensor t = parts.get(k);
            starts[k] = at;
            Kernels.narrow(out, s, a, at, t.shape.raw()[a], t.f64(), true);
            at += t.shape.raw()[a];
        }
        Tensor[] in = parts.toArray(new Tensor[0]);
        return Tensor.result(out, s, "concat", (g, y) -> {
            Tensor[] gs = new Tensor[in.length];
            for (int k = 0; k < in.length; k++) {
                if (in[k].requiresGradFlag()) {
                    gs[k] = g.narrow(a, starts[k], in[k].shape.raw()[a]);
                }
            }
            return gs;
        }, in);
    }

    /** The tensors, all of one shape, stacked along a new axis. */
    static Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        List<Tensor> expanded = new ArrayList<>(parts.size());
        for (Tensor t : parts) {
            if (!t.shape.equals(parts.get(0).shape)) {
                throw new IllegalArgumentException("stack: shapes " + parts.get(0).shape + " and " + t.shape
                        + " differ");
            }
            expanded.add(t.unsqueeze(axis));
        }
        return concat(expanded, axis < 0 ? axis + parts.get(0).rank() + 1 : axis);
    }

    /** The elements as integer indices in [0, bound), or an exception naming the op and the bad element. */
    static int[] indices(Tensor x, String op, int bound) {
        int[] out = new int[x.size()];
        for (int i = 0; i < out.length; i++) {
            double v = x.at(i);
            if (v != Math.rint(v) || v < 0 || v >= bound) {
                throw new IllegalArgumentException(op + ": index " + v + " at position " + i + " of shape " + x.shape
                        + " is not an integer in [0, " + bound + ")");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
