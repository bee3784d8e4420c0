package dev.chainrule.core;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The factories of {@link Tensor}: each sizes its storage first ({@link Shape#storage}), so that a size no tensor
 * can hold is refused by name before anything is allocated, and refuses NaN where values enter.
 */
final class Factories {
    private Factories() {
    }

    static Tensor of(double[] data, Shape shape) {
        if (shape.size() != data.length) {
            throw new IllegalArgumentException("Tensor.of: " + data.length + " values do not fill shape " + shape
                    + " (" + shape.size() + " elements)");
        }
        Storage.checkNotNaN("Tensor.of", data, shape);
        return new Tensor(data.clone(), shape);
    }

    /** A 2-d tensor from rows of equal length. */
    static Tensor of(double[][] rows) {
        int m = rows.length;
        int n = m == 0 ? 0 : rows[0].length;
        double[] d = Shape.storage("Tensor.of(rows)", (double) m * n);
        for (int i = 0; i < m; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values, row 0 has " + n);
            }
            System.arraycopy(rows[i], 0, d, i * n, n);
        }
        Storage.checkNotNaN("Tensor.of", d, Shape.of(m, n));
        return new Tensor(d, Shape.of(m, n));
    }

    /** {@code value} everywhere in the given shape; NaN is refused, as by {@link #of(double[], Shape)}. */
    static Tensor full(double value, int... dims) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("Tensor.full: the value is NaN; a graph cannot start from NaN");
        }
        Shape s = Shape.of("Tensor.full", dims);
        double[] d = Shape.storage("Tensor.full", s.size());
        Arrays.fill(d, value);
        return new Tensor(d, s);
    }

    /** The n x n identity matrix. */
    static Tensor eye(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Tensor.eye: n = " + n + " must be >= 0");
        }
        double[] d = Shape.storage("Tensor.eye(" + n + ")", (double) n * n);
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1.0;
        }
        return new Tensor(d, Shape.of(n, n));
    }

    /** start, start + step, ... up to but excluding end (NumPy's arange). */
    static Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException("Tensor.arange: start " + start + ", end " + end + ", step " + step
                    + ": the step must be finite and non-zero, the bounds finite");
        }
        double[] d = Shape.storage("Tensor.arange(" + start + ", " + end + ", " + step + ")",
                Math.max(0, Math.ceil((end - start) / step)));
        int n = d.length;
        for (int i = 0; i < n; i++) {
            d[i] = start + i * step;
        }
        return new Tensor(d, Shape.of(n));
    }

    /** {@code n} evenly spaced values from start to end, both included. */
    static Tensor linspace(double start, double end, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("Tensor.linspace: n = " + n + " must be >= 0");
        }
        double[] d = Shape.storage("Tensor.linspace", n);
        for (int i = 0; i < n; i++) {
            d[i] = n == 1 ? start : start + (end - start) * i / (n - 1);
        }
        return new Tensor(d, Shape.of(n));
    }

    /** Uniform samples from [0, 1) drawn from {@code rnd} (seed it for reproducible tensors). */
    static Tensor rand(RandomGenerator rnd, int... dims) {
        Shape s = Shape.of("Tensor.rand", dims);
        double[] d = Shape.storage("Tensor.rand", s.size());
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextDouble();
        }
        return new Tensor(d, s);
    }

    /** Standard normal samples drawn from {@code rnd} (seed it for reproducible tensors). */
    static Tensor randn(RandomGenerator rnd, int... dims) {
        Shape s = Shape.of("Tensor.randn", dims);
        double[] d = Shape.storage("Tensor.randn", s.size());
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextGaussian();
        }
        return new Tensor(d, s);
    }

    /** One-hot rows: for class indices of shape S, a tensor of shape S + [classes] with a 1 at each index. */
    static Tensor oneHot(Tensor indices, int classes) {
        if (classes < 0) {
            throw new IllegalArgumentException("Tensor.oneHot: classes = " + classes + " must be >= 0");
        }
        int[] idx = IndexOps.indices(indices, "oneHot", classes);
        int n = idx.length;
        double[] d = Shape.storage("Tensor.oneHot(" + n + " indices, " + classes + " classes)", (double) n * classes);
        for (int i = 0; i < n; i++) {
            d[i * classes + idx[i]] = 1.0;
        }
        int[] dims = Arrays.copyOf(indices.shape.raw(), indices.shape.rank() + 1);
        dims[dims.length - 1] = classes;
        // in the indices' dtype, so that float32 class indices give a float32 target that does not promote a loss
        return Tensor.fresh(d, Shape.of(dims), indices.dtype());
    }
}
