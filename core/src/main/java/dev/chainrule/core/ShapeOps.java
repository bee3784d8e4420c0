package dev.chainrule.core;

import java.util.Arrays;

/**
 * The shape ops of {@link Tensor}: broadcasting (sumTo, expand), reshaping (reshape, flatten, squeeze,
 * unsqueeze) and reordering (permute, transpose), each with its backward rule beside it. Reshapes share storage.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    /**
     * Sums this tensor down to {@code target}, a shape that broadcasts to this one: the adjoint of
     * {@link #expand}, and the one place where gradients of broadcast operands are reduced.
     */
    static Tensor sumTo(Tensor x, Shape target) {
        if (target.equals(x.shape)) {
            return x;
        }
        if (!target.broadcastsTo(x.shape)) {
            throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + x.shape);
        }
        TensorNode.Backward rule = (g, y) -> new Tensor[] {g.expand(x.shape)};
        if (x.isF32()) {
            return Tensor.result(Kernels32.sumTo(x.fdata, x.shape, target), target, "sumTo", rule, x);
        }
        return Tensor.result(Kernels.sumTo(x.f64(), x.shape, target), target, "sumTo", rule, x);
    }

    /** This tensor broadcast to {@code target} (NumPy's broadcast_to, a copy); the gradient is summed back. */
    static Tensor expand(Tensor x, Shape target) {
        if (target.equals(x.shape)) {
            return x;
        }
        if (!x.shape.broadcastsTo(target)) {
            throw new IllegalArgumentException("expand: shape " + x.shape + " cannot be broadcast to " + target);
        }
        TensorNode.Backward rule = (g, y) -> new Tensor[] {g.sumTo(x.shape)};
        if (x.isF32()) {
            return Tensor.result(Kernels32.expand(x.fdata, x.shape, target), target, "expand", rule, x);
        }
        return Tensor.result(Kernels.expand(x.f64(), x.shape, target), target, "expand", rule, x);
    }

    /** The same elements in a new shape (one size may be -1: inferred); shares storage. */
    static Tensor reshape(Tensor x, int... dims) {
        int[] d = dims.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1 && infer < 0) {
                infer = i;
            } else if (d[i] < 0) {
                throw new IllegalArgumentException("reshape: bad size " + d[i] + " in " + Arrays.toString(dims));
            } else {
                known *= d[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " (" + x.size()
                        + " elements) into " + Arrays.toString(dims));
            }
            d[infer] = (int) (x.size() / known);
        }
        Shape s = Shape.of(d);
        if (s.size() != x.size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + x.shape + " (" + x.size()
                    + " elements) into " + s + " (" + s.size() + " elements)");
        }
        if (s.equals(x.shape)) {
            return x;
        }
        return Tensor.view(x, s, "reshape", (g, y) -> new Tensor[] {g.reshape(x.shape.raw())});
    }

    /** Merges the dimensions from {@code startAxis} to the end into one (as nn.Flatten does from axis 1). */
    static Tensor flatten(Tensor x, int startAxis) {
        int a = x.shape.axis(startAxis, "flatten");
        int[] d = Arrays.copyOf(x.shape.raw(), a + 1);
        d[a] = Kernels.inner(x.shape, a) * x.shape.raw()[a];
        return x.reshape(d);
    }

    /** Removes dimension {@code axis}, which must have size 1. */
    static Tensor squeeze(Tensor x, int axis) {
        int a = x.shape.axis(axis, "squeeze");
        if (x.shape.raw()[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " of shape " + x.shape + " has size "
                    + x.shape.raw()[a] + ", not 1");
        }
        int[] d = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != a) {
                d[j++] = x.shape.raw()[i];
            }
        }
        return x.reshape(d);
    }

    /** Inserts a dimension of size 1 at {@code axis} (in [-rank - 1, rank]). */
    static Tensor unsqueeze(Tensor x, int axis) {
        int r = x.rank();
        if (axis < -r - 1 || axis > r) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + x.shape);
        }
        int a = axis < 0 ? axis + r + 1 : axis;
        int[] d = new int[r + 1];
        for (int i = 0, j = 0; i <= r; i++) {
            d[i] = i == a ? 1 : x.shape.raw()[j++];
        }
        return x.reshape(d);
    }

    /** The dimensions reordered: output dimension i is this tensor's dimension perm[i]. */
    static Tensor permute(Tensor x, int... perm) {
        int r = x.rank();
        if (perm.length != r) {
            throw new IllegalArgumentException("permute: " + perm.length + " axes " + Arrays.toString(perm)
                    + " for shape " + x.shape + " of rank " + r);
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        int[] d = new int[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            p[i] = x.shape.axis(perm[i], "permute");
            if (seen[p[i]]) {
                throw new IllegalArgumentException("permute: axis " + perm[i] + " appears twice in "
                        + Arrays.toString(perm));
            }
            seen[p[i]] = true;
            d[i] = x.shape.raw()[p[i]];
            identity &= p[i] == i;
        }
        if (identity) {
            return x;
        }
        int[] inv = new int[r];
        for (int i = 0; i < r; i++) {
            inv[p[i]] = i;
        }
        return Tensor.result(Kernels.permute(x.f64(), x.shape, p), Shape.of(d), "permute",
                (g, y) -> new Tensor[] {g.permute(inv)}, x);
    }

    /** Swaps two dimensions. */
    static Tensor transpose(Tensor x, int axis0, int axis1) {
        int[] p = new int[x.rank()];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        int a = x.shape.axis(axis0, "transpose");
        int b = x.shape.axis(axis1, "transpose");
        p[a] = b;
        p[b] = a;
        return x.permute(p);
    }
}
