package dev.chainrule.core;


/**
 * The reductions of {@link Tensor} (sum, mean, var, std, max, min, argmax, logSumExp, softmax), each with its
 * backward rule beside it. Composite reductions are built from engine ops and need no rule of their own.
 */
final class Reductions {
    private Reductions() {
    }

    /** The sum over the given axes (all when none are given), dropping them unless {@code keepDims}. */
    static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = axesOrAll(x, axes, "sum");
        Shape keep = reducedShape(x, ax, true);
        Tensor s = x.sumTo(keep);
        if (s == x) {
            s = Tensor.view(x, keep, "sum", (g, y) -> new Tensor[] {g});
        }
        return keepDims ? s : s.reshape(reducedShape(x, ax, false).raw());
    }

    /** The mean over the given axes (all when none are given). */
    static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = axesOrAll(x, axes, "mean");
        int count = 1;
        for (int a : ax) {
            count *= x.shape.raw()[a];
        }
        if (count == 0) {
            throw new IllegalArgumentException("mean: cannot average over an empty axis of shape " + x.shape);
        }
        return x.sum(ax, keepDims).div(count);
    }

    /**
     * The variance over the given axes: sum((x - mean)^2) / (N - correction); correction 0 is NumPy's default,
     * 1 the unbiased estimate (PyTorch's default).
     */
    static Tensor var(Tensor x, int[] axes, boolean keepDims, int correction) {
        int[] ax = axesOrAll(x, axes, "var");
        int count = 1;
        for (int a : ax) {
            count *= x.shape.raw()[a];
        }
        if (count - correction <= 0) {
            throw new IllegalArgumentException("var: " + count + " elements per group with correction "
                    + correction + " leaves no degree of freedom (shape " + x.shape + ")");
        }
        Tensor centred = x.sub(x.mean(ax, true));
        return centred.square().sum(ax, keepDims).div(count - correction);
    }

    /** The standard deviation: sqrt of {@link #var(int[], boolean, int)}. */
    static Tensor std(Tensor x, int[] axes, boolean keepDims, int correction) {
        // NOTE: where a group is constant the variance is 0 and sqrt'(0) is infinite; as in PyTorch the gradient
        // there is 0, by taking the square root of a safe value and choosing 0 with where (a constant mask)
        Tensor v = x.var(axes, keepDims, correction);
        Tensor positive = v.gt(0.0);
        return Tensor.where(positive, Tensor.where(positive, v, v.constantLike(1.0)).sqrt(), v.constantLike(0.0));
    }

    /** The maximum over one axis. NOTE: at a tie the gradient goes to the first maximal element. */
    static Tensor max(Tensor x, int axis, boolean keepDims) {
        return extreme(x, axis, keepDims, true);
    }

    /** The minimum over one axis. NOTE: at a tie the gradient goes to the first minimal element. */
    static Tensor min(Tensor x, int axis, boolean keepDims) {
        return extreme(x, axis, keepDims, false);
    }

    /** The index of the first maximum along {@code axis}, as a constant tensor of integral values. */
    static Tensor argmax(Tensor x, int axis) {
        int a = x.shape.axis(axis, "argmax");
        if (x.shape.raw()[a] == 0) {
            throw new IllegalArgumentException("argmax: the axis " + axis + " of shape " + x.shape + " is empty");
        }
        Shape keep = reducedShape(x, new int[] {a}, true);
        double[] out = new double[keep.size()];
        int[] at = new int[keep.size()];
        Kernels.extreme(x.f64(), x.shape, a, true, out, at);
        // indices in x's dtype, so that they do not promote float32 work (exact in float32 below 2^24)
        return Tensor.fresh(toDoubles(at), reducedShape(x, new int[] {a}, false), x.dtype());
    }

    /**
     * log(sum(exp(x))) over the given axes, computed without overflow; its gradient is the softmax. Over an empty
     * axis the sum is 0 and the result -infinity, as in PyTorch.
     */
    static Tensor logSumExp(Tensor x, int[] axes, boolean keepDims) {
        int[] ax = axesOrAll(x, axes, "logSumExp");
        for (int a : ax) {
            if (x.shape.raw()[a] == 0) {
                return x.sum(ax, keepDims).add(Double.NEGATIVE_INFINITY); // x.log(0) = -inf, as in PyTorch
            }
        }
        Tensor m = x.detach();
        for (int a : ax) {
            m = m.max(a, true);
        }
        Tensor finiteMax = Tensor.where(m.abs().lt(Double.POSITIVE_INFINITY), m, m.constantLike(0.0));
        Tensor r = x.sub(finiteMax).exp().sum(ax, true).log().add(finiteMax);
        return keepDims ? r : r.reshape(reducedShape(x, ax, false).raw());
    }

    /** Softmax along {@code axis}: exp(x - max) / sum(exp(x - max)); d/dx: y (g - sum(g y)). */
    static Tensor softmax(Tensor x, int axis) {
        int a = x.shape.axis(axis, "softmax");
        TensorNode.Backward rule = (g, y) -> new Tensor[] {Grad.isEnabled()
                ? y.mul(g.sub(g.mul(y).sum(a, true)))
                : fusedSoftmaxGrad(g, y, a, false)};
        if (x.isF32()) {
            float[] out = new float[x.size()];
            Kernels32.softmax(x.fdata, x.shape, a, false, out);
            return Tensor.result(out, x.shape, "softmax", rule, x);
        }
        double[] out = new double[x.size()];
        Kernels.softmax(x.f64(), x.shape, a, false, out);
        return Tensor.result(out, x.shape, "softmax", rule, x);
    }

    /** log(softmax(x)) along {@code axis}, stable; d/dx: g - softmax(x) sum(g). */
    static Tensor logSoftmax(Tensor x, int axis) {
        int a = x.shape.axis(axis, "logSoftmax");
        TensorNode.Backward rule = (g, y) -> new Tensor[] {Grad.isEnabled()
                ? g.sub(y.exp().mul(g.sum(a, true)))
                : fusedSoftmaxGrad(g, y, a, true)};
        if (x.isF32()) {
            float[] out = new float[x.size()];
            Kernels32.softmax(x.fdata, x.shape, a, true, out);
            return Tensor.result(out, x.shape, "logSoftmax", rule, x);
        }
        double[] out = new double[x.size()];
        Kernels.softmax(x.f64(), x.shape, a, true, out);
        return Tensor.result(out, x.shape, "logSoftmax", rule, x);
    }

    static int[] axesOrAll(Tensor x, int[] axes, String op) {
        if (axes.length == 0) {
            int[] all = new int[x.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[x.rank()];
        for (int i = 0; i < axes.length; i++) {
            out[i] = x.shape.axis(axes[i], op);
            if (seen[out[i]]) {
                throw new IllegalArgumentException(op + ": axis " + axes[i] + " is given twice for shape " + x.shape);
            }
            seen[out[i]] = true;
        }
        return out;
    }

    static Shape reducedShape(Tensor x, int[] axes, boolean keepDims) {
        int[] d = x.shape.dims();
        boolean[] red = new boolean[d.length];
        for (int a : axes) {
            red[a] = true;
        }
        int[] out = new int[keepDims ? d.length : d.length - axes.length];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (red[i]) {
                if (keepDims) {
                    out[j++] = 1;
                }
            } else {
                out[j++] = d[i];
            }
        }
        return Shape.of(out);
    }

    static Tensor extreme(Tensor x, int axis, boolean keepDims, boolean max) {
        String name = max ? "max" : "min";
        int a = x.shape.axis(axis, name);
        if (x.shape.raw()[a] == 0) {
            throw new IllegalArgumentException(name + ": cannot reduce the empty axis " + axis + " of shape "
                    + x.shape);
        }
        Shape keep = reducedShape(x, new int[] {a}, true);
        double[] out = new double[keep.size()];
        int[] at = new int[keep.size()];
        Kernels.extreme(x.f64(), x.shape, a, max, out, at);
        Tensor index = new Tensor(toDoubles(at), keep);
        Tensor r = Tensor.result(out, keep, name, (g, y) -> new Tensor[] {IndexOps.scatterAdd(g, a, index, x.shape)},
                x);
        return keepDims ? r : r.reshape(reducedShape(x, new int[] {a}, false).raw());
    }

    /** The eager form of the two rules above, in one pass (the same maths, see Kernels.softmaxGrad). */
    static Tensor fusedSoftmaxGrad(Tensor g, Tensor y, int axis, boolean log) {
        if (y.isF32()) {
            float[] r = new float[y.size()];
            Kernels32.softmaxGrad(g.f32(), y.fdata, y.shape, axis, log, r);
            return new Tensor(r, y.shape);
        }
        double[] r = new double[y.size()];
        Kernels.softmaxGrad(g.f64(), y.f64(), y.shape, axis, log, r);
        return Tensor.fresh(r, y.shape, y.dtype());
    }

    static double[] toDoubles(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
