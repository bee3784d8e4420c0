package dev.chainrule.core;

import java.util.Arrays;

/**
 * The matrix product of {@link Tensor} with NumPy's matmul rules, over the packed kernel of {@link Gemm}; its
 * backward rule is two more products.
 */
final class Matmul {
    /** The batch offsets of a product without batch dimensions. */
    private static final int[] NO_BATCH = {0};

    private Matmul() {
    }

    /**
     * Matrix product with NumPy's matmul rules: 2-d x 2-d; a 1-d operand is a row (left) or column (right)
     * vector whose dimension is dropped from the result; more dimensions are batches, broadcast.
     * d/dA = G B^T, d/dB = A^T G.
     */
    static Tensor matmul(Tensor x, Tensor other) {
        if (x.rank() == 0 || other.rank() == 0) {
            throw new IllegalArgumentException("matmul: shapes " + x.shape + " x " + other.shape + ": both operands "
                    + "need at least one dimension (use mul for a scalar)");
        }
        Tensor a = x.rank() == 1 ? x.reshape(1, x.size()) : x;
        Tensor b = other.rank() == 1 ? other.reshape(other.size(), 1) : other;
        int ka = a.shape.dim(-1);
        int kb = b.shape.dim(-2);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: " + x.shape + " x " + other.shape + ": inner sizes " + ka
                    + " and " + kb + " differ");
        }
        Tensor r = mm(a, false, b, false);
        if (x.rank() == 1) {
            r = r.squeeze(-2);
        }
        if (other.rank() == 1) {
            r = r.squeeze(-1);
        }
        return r;
    }

    /** op(A) op(B) over the last two dimensions, batches broadcast; op(X) = X^T when its flag is set. */
    static Tensor mm(Tensor a, boolean ta, Tensor b, boolean tb) {
        int ra = a.rank();
        int rb = b.rank();
        int m = ta ? a.shape.dim(-1) : a.shape.dim(-2);
        int k = ta ? a.shape.dim(-2) : a.shape.dim(-1);
        int n = tb ? b.shape.dim(-2) : b.shape.dim(-1);
        Shape batchA = Shape.of(Arrays.copyOf(a.shape.raw(), ra - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.shape.raw(), rb - 2));
        Shape batch;
        try {
            batch = Shape.broadcast(batchA, batchB, "matmul");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: " + a.shape + " x " + b.shape + ": the batch dimensions "
                    + batchA + " and " + batchB + " cannot be broadcast together");
        }
        int[] d = Arrays.copyOf(batch.raw(), batch.rank() + 2);
        d[d.length - 2] = m;
        d[d.length - 1] = n;
        Shape s = Shape.of(d);
        int lda = a.shape.dim(-1);
        int ldb = b.shape.dim(-1);
        int nb = batch.size();
        int[] ia = nb > 1 ? Kernels.broadcastIndex(batchA, batch) : NO_BATCH;
        int[] ib = nb > 1 ? Kernels.broadcastIndex(batchB, batch) : NO_BATCH;
        int sizeA = m * k;
        int sizeB = k * n;
        TensorNode.Backward rule = (g, y) -> new Tensor[] {
            a.requiresGradFlag() ? (ta ? mm(b, tb, g, true) : mm(g, false, b, !tb)).sumTo(a.shape) : null,
            b.requiresGradFlag() ? (tb ? mm(g, true, a, ta) : mm(a, !ta, g, false)).sumTo(b.shape) : null};
        if (DType.of(a, b) == DType.F32) {
            float[] out = new float[s.size()];
            float[] fa = a.f32();
            float[] fb = b.f32();
            for (int i = 0; i < nb; i++) {
                Sgemm.gemm(ta, tb, m, n, k, fa, ia[i] * sizeA, lda, fb, ib[i] * sizeB, ldb, out, i * m * n, n, false);
            }
            return Tensor.result(out, s, "matmul", rule, a, b);
        }
        double[] out = new double[s.size()];
        double[] da = a.f64();
        double[] db = b.f64();
        for (int i = 0; i < nb; i++) {
            Gemm.gemm(ta, tb, m, n, k, da, ia[i] * sizeA, lda, db, ib[i] * sizeB, ldb, out, i * m * n, n, false);
        }
        return Tensor.result(out, s, "matmul", rule, a, b);
    }
}
