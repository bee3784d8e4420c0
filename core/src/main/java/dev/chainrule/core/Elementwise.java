package dev.chainrule.core;

import dev.chainrule.core.Pointwise.Binary;
import dev.chainrule.core.Pointwise.Unary;

/**
 * The pointwise ops of {@link Tensor}: one kernel pass over the storage forward, and the op table's rule
 * ({@link Pointwise}) backward, fused into one loop when nothing is recorded. Comparisons give constant masks.
 */
final class Elementwise {
    private Elementwise() {
    }

    static Tensor unary(Tensor x, Unary u) {
        if (x.isF32()) {
            float[] y = new float[x.size()];
            Kernels32.unary(u, x.fdata, y);
            return Tensor.result(y, x.shape, u.symbol, (g, out) -> new Tensor[] {unaryGrad(u, x, out, g)}, x);
        }
        double[] y = new double[x.size()];
        Kernels.unary(u, x.f64(), y);
        return Tensor.result(y, x.shape, u.symbol, (g, out) -> new Tensor[] {unaryGrad(u, x, out, g)}, x);
    }

    /** dL/dx for a pointwise op: the engine-op rule when recording, one fused loop otherwise. */
    static Tensor unaryGrad(Unary u, Tensor x, Tensor y, Tensor g) {
        if (Grad.isEnabled()) {
            return u.grad(x, y, g);
        }
        if (x.isF32()) {
            float[] r = new float[x.size()];
            Kernels32.unaryGrad(u, x.fdata, y.f32(), g.f32(), r);
            return new Tensor(r, x.shape);
        }
        double[] r = new double[x.size()];
        Kernels.unaryGrad(u, x.f64(), y.f64(), g.f64(), r);
        return Tensor.fresh(r, x.shape, x.dtype());
    }

    static Tensor binary(Binary f, Tensor a, Tensor b) {
        Shape s = Shape.broadcast(a.shape, b.shape, f.method);
        TensorNode.Backward rule = (g, y) -> new Tensor[] {
            a.requiresGradFlag() ? f.gradA(a, b, y, g).sumTo(a.shape) : null,
            b.requiresGradFlag() ? f.gradB(a, b, y, g).sumTo(b.shape) : null};
        if (DType.of(a, b) == DType.F32) {
            float[] r = new float[s.size()];
            Kernels32.binary(f, a.f32(), a.shape, b.f32(), b.shape, r, s);
            return Tensor.result(r, s, f.symbol, rule, a, b);
        }
        double[] r = new double[s.size()];
        Kernels.binary(f, a.f64(), a.shape, b.f64(), b.shape, r, s);
        return Tensor.result(r, s, f.symbol, rule, a, b);
    }

    /**
     * A number operand as a rank-0 tensor of {@code like}'s dtype: a Java number never promotes a float32 tensor,
     * also one of rank 0 (PyTorch's "wrapped number"); in float32 it is rounded first, as PyTorch computes
     * {@code x * 0.1} and {@code x == 0.1} with 0.1 rounded to float.
     */
    static Tensor constant(String op, double c, Tensor like) {
        return constant(op, c, like.dtype());
    }

    /** {@link #constant(String, double, Tensor)} of the given dtype. */
    static Tensor constant(String op, double c, DType dtype) {
        if (Double.isNaN(c)) {
            throw new IllegalArgumentException(op + ": the constant operand is NaN");
        }
        return dtype == DType.F32 ? new Tensor(new float[] {(float) c}, Shape.scalar()) : Tensor.scalar(c);
    }

    /** A constant mask of the comparison, computed in the dtype the operands promote to (as PyTorch does). */
    static Tensor compare(Tensor x, Tensor other, String name, int kind) {
        Shape s = Shape.broadcast(x.shape, other.shape, name);
        DType dtype = DType.of(x, other);
        // in float32 a rank-0 float64 operand is rounded first (widening the floats back is exact)
        double[] xs = dtype == DType.F32 ? Storage.widen(x.f32()) : x.f64();
        double[] os = dtype == DType.F32 ? Storage.widen(other.f32()) : other.f64();
        double[] a = x.shape.equals(s) ? xs : Kernels.expand(xs, x.shape, s);
        double[] b = other.shape.equals(s) ? os : Kernels.expand(os, other.shape, s);
        double[] r = new double[s.size()];
        for (int i = 0; i < r.length; i++) {
            boolean v;
            switch (kind) {
                case 0: v = a[i] > b[i]; break;
                case 1: v = a[i] >= b[i]; break;
                case 2: v = a[i] < b[i]; break;
                case 3: v = a[i] <= b[i]; break;
                default: v = a[i] == b[i];
            }
            r[i] = v ? 1.0 : 0.0;
        }
        return Tensor.fresh(r, s, dtype);
    }

    /** Clamps into [lo, hi]: the gradient passes where lo &lt;= this &lt;= hi (ends included), else 0. */
    static Tensor clamp(Tensor x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo " + lo + " > hi " + hi);
        }
        return binary(Binary.MAX, x, constant("clamp", lo, x)).min(constant("clamp", hi, x));
    }
}
